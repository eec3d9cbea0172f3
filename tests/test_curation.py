"""The maintainers' command: it anchors quotes, merges articles, and refuses bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import summitdata
from summitdata import data as packaged
from summitdata.curation import CurationError, build_dataset, main

ARTICLE = "000_6d5a610b5cea50b9.txt"
SOURCE = "source:000-6d5a610b5cea50b9"


def curation(**records: list[dict[str, Any]]) -> dict[str, Any]:
    document: dict[str, Any] = {"source": {"id": SOURCE, "file": ARTICLE, "evidence": ["ASTANA"]}}
    document.update(records)
    return document


def write(folder: Path, name: str, document: dict[str, Any]) -> Path:
    path = folder / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


PLACE = {"id": "place:dushanbe", "name": "Dushanbe", "kind": "city", "evidence": ["Dushanbe"]}


def test_quotes_become_anchors(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.json",
        curation(places=[dict(PLACE, evidence=["Dushanbe", {"quote": "Dushanbe", "occurrence": 1}])]),
    )
    ds = build_dataset([path], packaged.articles_dir())
    place = ds.places.get("place:dushanbe")
    text = ds.sources.get(SOURCE).text
    assert [text[a.start : a.end] for a in place.evidence] == ["Dushanbe", "Dushanbe"]
    assert place.evidence[0].start < place.evidence[1].start
    assert place.aliases == () and place.country is None  # omitted fields take their defaults


@pytest.mark.parametrize(
    ("records", "record", "message"),
    [
        ({"places": [dict(PLACE, evidence=["Dushanbee"])]}, "place:dushanbe", "does not occur"),
        ({"places": [dict(PLACE, evidence=[{"quote": "Dushanbe", "occurrence": 5}])]}, "place:dushanbe", "6 times"),
        ({"places": [PLACE, PLACE]}, "place:dushanbe", "defined twice"),
        ({"places": [dict(PLACE, country="place:tajikistan")]}, "place:dushanbe", "does not exist"),
        ({"places": [dict(PLACE, kind="town")]}, "place:dushanbe", "'town' is not one of"),
        ({"people": [{"id": "person:x", "name": "X", "evidence": ["ASTANA"], "nickname": "x"}]}, "person:x", "unknown"),
    ],
)
def test_bad_input_is_refused(tmp_path: Path, records: dict[str, Any], record: str, message: str) -> None:
    path = write(tmp_path, "a.json", curation(**records))
    with pytest.raises(CurationError) as exc:
        build_dataset([path], packaged.articles_dir())
    assert any(p.record == record and message in p.message for p in exc.value.problems), exc.value.problems


def test_records_of_two_files_merge(tmp_path: Path) -> None:
    first = write(tmp_path, "a.json", curation(places=[dict(PLACE, inferred={"kind": "one"})]))
    second = write(
        tmp_path,
        "b.json",
        curation(
            places=[
                dict(
                    PLACE,
                    aliases=["Dushanbe city"],
                    evidence=[{"quote": "Dushanbe", "occurrence": 1}],
                    inferred={"kind": "two"},
                )
            ]
        ),
    )
    with pytest.raises(CurationError, match="curated twice"):
        # the same source twice is a duplicate id, not a merge of two articles
        build_dataset([first, second], packaged.articles_dir())
    other = json.loads(second.read_text(encoding="utf-8"))
    other["source"] = {"id": "source:004-e880cedfab62665c", "file": "004_e880cedfab62665c.txt", "evidence": ["ALMATY"]}
    other["places"][0]["evidence"] = ["Ashgabat"]  # not Dushanbe's, but a real quote of that article
    write(tmp_path, "b.json", other)
    ds = build_dataset([first, second], packaged.articles_dir())
    place = ds.places.get("place:dushanbe")
    assert [a.source for a in place.evidence] == [SOURCE, "source:004-e880cedfab62665c"]
    assert place.aliases == ("Dushanbe city",)
    assert place.inferred["kind"] == "one two"
    other["places"][0]["kind"] = "country"
    write(tmp_path, "b.json", other)
    with pytest.raises(CurationError, match="conflicting values"):
        build_dataset([first, second], packaged.articles_dir())


def test_main_check_and_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "curation"
    folder.mkdir()
    write(folder, "000.json", curation(places=[PLACE]))
    output = tmp_path / "out.json"
    args = ["--curation", str(folder), "-o", str(output)]
    assert main(["build", *args, "--check"]) == 1
    assert main(["build", *args]) == 0
    assert main(["build", *args, "--check"]) == 0
    assert summitdata.loads(output.read_text(encoding="utf-8")).places.ids() == ("place:dushanbe",)
    write(folder, "000.json", curation(places=[dict(PLACE, evidence=["nowhere"])]))
    assert main(["check", str(folder / "000.json")]) == 1
    assert "does not occur" in capsys.readouterr().err
