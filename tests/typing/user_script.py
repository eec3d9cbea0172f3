"""A user's script: ``mypy --strict`` must accept it with the records typed as the library's classes."""

import summitdata
from summitdata import Claim, Collection
from summitdata.query import every

claims: Collection[Claim] = summitdata.load().claims
for c in summitdata.load().claims:
    print(c.id)
    first: Claim = c
    kind: summitdata.ClaimKind = first.kind
    print(kind.value, first.speakers[0].upper())

# Kind-specific getters and typed filter keywords: what the docs' examples do.
ds = summitdata.load()
claim: Claim = ds.claims.get("claim:2025-12-12-ashgabat-forum-30")
tokayev: summitdata.Person = ds.people.get("person:kassym-jomart-tokayev")
said: Collection[Claim] = ds.claims.filter(speaker="Tokayev", topic=["water", summitdata.Topic.ENVIRONMENT])
visit: Collection[Claim] = ds.claims_of("summit:2025-12-11-tokayev-visit-ashgabat", subevents=False)
planned: Collection[summitdata.Summit] = ds.summits.filter(during="2026", status="planned")
both = ds.initiatives.filter(source=every(*ds.sources.ids()))
print(claim.text, tokayev.name, len(said), len(visit), len(planned), len(both))
print(ds.timeline(since="2026", strict=True))
frame = ds.claims.to_frame(figures=True)
