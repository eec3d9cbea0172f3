"""A user's script with mistakes: ``mypy --strict`` must reject each line that ends with an E comment."""

import summitdata

ds = summitdata.load()
ds.claims.filter(speakr="Tokayev")  # E: a misspelt keyword
ds.summits.filter(speaker="Tokayev")  # E: a keyword of another kind
ds.claims.filter(direct="yes")  # E: a flag takes True or False
ds.timeline(topic="water")  # E: timeline takes the date keywords only
