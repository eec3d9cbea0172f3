"""A user's script with mistakes: ``mypy --strict`` must reject each line that ends with an E comment.

The mistakes sit in a function that nothing calls: pytest imports this file (doctest collection).
"""

import summitdata


def mistakes() -> None:
    ds = summitdata.load()
    ds.claims.filter(speakr="Tokayev")  # E: a misspelt keyword
    ds.summits.filter(speaker="Tokayev")  # E: a keyword of another kind
    ds.claims.filter(direct="yes")  # E: a flag takes True or False
    ds.timeline(topic="water")  # E: timeline takes the date keywords only
    ds.claims.filter(topic=3)  # E: a topic is a Topic or its name
