"""Exports in the formats of the field's other tools: Web Annotations, schema.org, Popolo, PLOVER.

Each format is one module with one mapping table (record kind -> field -> where it goes,
:class:`~summitdata.exports._model.To`), read by the code and rendered on the crosswalk page
(:func:`summitdata.exports.crosswalk.markdown`). :func:`export` gives a format's bytes (same
data, same bytes); :func:`dump` writes them to a file whole or not at all. Nothing needs the
network: the JSON-LD contexts are bundled (:func:`document_loader`).

>>> import summitdata
>>> sorted(FORMATS)
['annotations', 'jsonld', 'plover', 'popolo']
>>> export(summitdata.load(), "plover")[:8]
b'{"id":"c'
"""

from __future__ import annotations

import importlib
import json
import os
from importlib import resources
from typing import TYPE_CHECKING, Any

from .._atomic import check_target, write_file

if TYPE_CHECKING:
    from ..dataset import Dataset

__all__ = ["CONTEXTS", "FORMATS", "document_loader", "dump", "export"]

#: Format name -> (its module in this package, what it writes), for ``--format``.
FORMATS: dict[str, tuple[str, str]] = {
    "annotations": ("web_annotations", "W3C Web Annotations (JSON-LD): one Annotation per evidence anchor"),
    "jsonld": ("jsonld", "schema.org JSON-LD: one node per record, the context inline"),
    "popolo": ("popolo", "Popolo JSON: persons, organizations, areas, memberships, events, speeches"),
    "plover": ("plover", "PLOVER event records, JSON Lines: one per claim and per held or planned summit"),
}

#: Remote context URL -> the bundled file that replaces it.
CONTEXTS: dict[str, str] = {"http://www.w3.org/ns/anno.jsonld": "anno.jsonld"}


def export(dataset: Dataset, format: str) -> bytes:
    """The bytes of ``dataset`` in ``format`` (a key of ``FORMATS``).

    >>> import summitdata
    >>> export(summitdata.load(), "popolo")[:13]
    b'{\\n  "persons"'
    >>> export(summitdata.load(), "rdf")
    Traceback (most recent call last):
    ...
    ValueError: unknown export format 'rdf': expected one of annotations, jsonld, popolo, plover
    """
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}: expected one of {', '.join(FORMATS)}")
    module = importlib.import_module(f".{FORMATS[format][0]}", __name__)
    data: bytes = module.dumps(dataset)
    return data


def dump(dataset: Dataset, path: str | os.PathLike[str], format: str) -> None:
    """Write :func:`export` to ``path``, whole or not at all (a temporary file, then renamed).

    >>> import pathlib, tempfile, summitdata
    >>> target = pathlib.Path(tempfile.mkdtemp(), "summits.plover.jsonl")
    >>> dump(summitdata.load(), target, "plover")
    >>> target.read_bytes() == export(summitdata.load(), "plover")
    True
    """
    target = check_target(path)
    write_file(target, export(dataset, format))


def document_loader(url: str, options: Any = None) -> dict[str, Any]:
    """A JSON-LD document loader (pyld's signature) that serves the bundled contexts and
    refuses everything else, so expanding an export never touches the network.

    >>> document_loader("http://www.w3.org/ns/anno.jsonld")["document"]["@context"]["oa"]
    'http://www.w3.org/ns/oa#'
    >>> document_loader("https://example.org/context.jsonld")
    Traceback (most recent call last):
    ...
    LookupError: https://example.org/context.jsonld: not a bundled context; summitdata never fetches one
    """
    name = CONTEXTS.get(url)
    if name is None:
        raise LookupError(f"{url}: not a bundled context; summitdata never fetches one")
    text = resources.files(__name__).joinpath("contexts", name).read_text(encoding="utf-8")
    return {"contextUrl": None, "documentUrl": url, "document": json.loads(text)}
