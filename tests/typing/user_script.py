"""A user's script: ``mypy --strict`` must accept it with the records typed as the library's classes."""

import summitdata
from summitdata import Claim, Collection

claims: Collection[Claim] = summitdata.load().claims
for c in summitdata.load().claims:
    print(c.id)
    first: Claim = c
    kind: summitdata.ClaimKind = first.kind
    print(kind.value, first.speakers[0].upper())
