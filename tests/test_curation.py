"""The maintainers' curation tool (tools/curate.py): it anchors quotes, merges articles,
reproduces the packaged data, refuses bad and hostile input, and writes atomically."""

from __future__ import annotations

import doctest
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.growth import work

import summitdata
from summitdata import data as packaged

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "curate.py"

if not TOOL.is_file():  # pragma: no cover - the tests run from a clone or an sdist
    pytest.skip("the curation tool is in the repository, not in the wheel", allow_module_level=True)


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("summitdata_tools_curate", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


curate = _load_tool()
CurationError = curate.CurationError
build_dataset = curate.build_dataset
main = curate.main

ARTICLE = "000_6d5a610b5cea50b9.txt"
SOURCE = "source:000-6d5a610b5cea50b9"
PLACE = {"id": "place:dushanbe", "name": "Dushanbe", "kind": "city", "evidence": ["Dushanbe"]}


def curation(source_file: Any = ARTICLE, **records: Any) -> dict[str, Any]:
    document: dict[str, Any] = {"source": {"id": SOURCE, "file": source_file, "evidence": ["ASTANA"]}}
    document.update(records)
    return document


def write(folder: Path, name: str, document: Any) -> Path:
    path = folder / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def problems_of(path: Path, articles: Path = curate.ARTICLES_DIR, **options: Any) -> list[summitdata.Problem]:
    with pytest.raises(CurationError) as exc:
        build_dataset([path], articles, **options)
    return list(exc.value.problems)


def refused(problems: list[summitdata.Problem], record: str, field: str, message: str) -> bool:
    return any(p.record == record and p.field == field and message in p.message for p in problems)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A copy of the packaged articles, to plant links, FIFOs and big files in."""
    folder = tmp_path / "articles"
    shutil.copytree(curate.ARTICLES_DIR, folder)
    return folder


# -- what the tool does -----------------------------------------------------------------------


def test_quotes_become_anchors(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.json",
        curation(places=[dict(PLACE, evidence=["Dushanbe", {"quote": "Dushanbe", "occurrence": 1}])]),
    )
    ds = build_dataset([path], curate.ARTICLES_DIR)
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
    problems = problems_of(path)
    assert any(p.record == record and message in p.message for p in problems), problems
    assert all("a.json" in str(p) for p in problems), problems  # every problem names the curation file


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
        build_dataset([first, second], curate.ARTICLES_DIR)
    other = json.loads(second.read_text(encoding="utf-8"))
    other["source"] = {"id": "source:004-e880cedfab62665c", "file": "004_e880cedfab62665c.txt", "evidence": ["ALMATY"]}
    other["places"][0]["evidence"] = ["Ashgabat"]  # not Dushanbe's, but a real quote of that article
    write(tmp_path, "b.json", other)
    with pytest.raises(CurationError, match=r"inferred\.kind: two reasons for one value in a\.json and b\.json"):
        build_dataset([first, second], curate.ARTICLES_DIR)  # reasons are never spliced together
    other["places"][0]["inferred"] = {"kind": "one", "country": "two"}
    write(tmp_path, "b.json", other)
    ds = build_dataset([first, second], curate.ARTICLES_DIR)
    place = ds.places.get("place:dushanbe")
    assert [a.source for a in place.evidence] == [SOURCE, "source:004-e880cedfab62665c"]
    assert place.aliases == ("Dushanbe city",)
    assert dict(place.inferred) == {"kind": "one", "country": "two"}
    other["places"][0]["kind"] = "country"
    write(tmp_path, "b.json", other)
    with pytest.raises(CurationError, match=r"conflicting values in a\.json and b\.json"):
        build_dataset([first, second], curate.ARTICLES_DIR)


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


def test_the_doctests_of_the_tool_pass() -> None:
    result = doctest.testmod(curate, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


# -- the tool is the clone's, not the wheel's ---------------------------------------------------


def test_the_package_has_no_curation_code() -> None:
    assert importlib.util.find_spec("summitdata.curation") is None
    package = Path(summitdata.__file__).parent
    assert not [p for p in package.rglob("*.py") if "curation" in p.name]


def test_rebuilding_reproduces_the_packaged_data_byte_for_byte(tmp_path: Path) -> None:
    output = tmp_path / "summitdata.json"
    assert main(["build", "-o", str(output)]) == 0
    assert output.read_bytes() == curate.DATA_FILE.read_bytes()
    assert output.read_bytes() == packaged.DATA_FILE.read_bytes()  # the installed package's copy too


def test_defaults_are_the_folders_of_the_clone(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "10000")  # argparse would wrap long paths, even at a hyphen
    assert curate.CURATION_DIR == ROOT / "curation"
    assert curate.ARTICLES_DIR == ROOT / "src" / "summitdata" / "data" / "articles"
    assert curate.DATA_FILE == ROOT / "src" / "summitdata" / "data" / "summitdata.json"
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    shown = " ".join(capsys.readouterr().out.split())  # argparse wraps long paths
    for default in (curate.CURATION_DIR, curate.ARTICLES_DIR, curate.DATA_FILE):
        assert f"(default: {default})" in shown


def test_the_tool_runs_from_any_folder(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(TOOL), "build", "--check"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("up to date: 2 sources")


@pytest.mark.parametrize(
    "inside",
    ["lib/python3.11/site-packages", "usr/lib/python3/dist-packages", "target"],
    ids=["site-packages", "dist-packages", "pip-target"],
)
def test_refuses_to_write_into_an_installed_copy(
    tmp_path: Path, inside: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "target" / "summitdata-0.1.0.dist-info").mkdir(parents=True)  # what pip install --target leaves
    data = tmp_path / inside / "summitdata" / "data"
    data.mkdir(parents=True)
    output = data / "summitdata.json"
    output.write_bytes(b"old")
    assert main(["build", "-o", str(output)]) == 2
    assert "installed copy" in capsys.readouterr().err
    assert output.read_bytes() == b"old"
    link = tmp_path / "link"
    link.symlink_to(data)  # a link into the installed copy does not get around it
    assert main(["build", "-o", str(link / "summitdata.json")]) == 2
    assert output.read_bytes() == b"old"


def test_refuses_to_write_into_the_installed_package() -> None:
    if curate.installed_copy(packaged.DATA_FILE) is None:
        pytest.skip("summitdata is not installed here (an editable or source checkout)")
    before = packaged.DATA_FILE.read_bytes()
    assert main(["build", "-o", str(packaged.DATA_FILE)]) == 2
    assert packaged.DATA_FILE.read_bytes() == before


def test_a_clone_is_not_an_installed_copy(tmp_path: Path) -> None:
    assert curate.installed_copy(curate.DATA_FILE) is None
    assert curate.installed_copy(tmp_path / "out.json") is None


@pytest.mark.parametrize("empty", ["", " "])
def test_an_empty_output_path_is_refused(empty: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["build", "-o", empty])
    assert exc.value.code == 2
    assert "empty path" in capsys.readouterr().err


# -- atomic output ----------------------------------------------------------------------------


def test_write_atomic_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    target.chmod(0o640)
    curate.write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640  # the file keeps its permissions
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]  # no temporary file left


@pytest.mark.parametrize("fails", ["fsync", "replace"])
def test_a_failed_write_leaves_the_old_file_intact(
    tmp_path: Path, fails: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old")

    def disk_full(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(curate.os, fails, disk_full)
    assert main(["build", "-o", str(target)]) == 2
    assert f"cannot write {target}: No space left on device" in capsys.readouterr().err
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]  # the temporary file is gone


def test_an_error_while_writing_leaves_the_old_file_intact(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        curate.write_atomic(target, "not bytes")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_a_file_size_limit_leaves_the_old_file_intact(tmp_path: Path) -> None:
    pytest.importorskip("resource")
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    script = (
        "import importlib.util, resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (10000, resource.RLIM_INFINITY))\n"
        f"spec = importlib.util.spec_from_file_location('curate', {str(TOOL)!r})\n"
        "tool = importlib.util.module_from_spec(spec); spec.loader.exec_module(tool)\n"
        f"sys.exit(tool.main(['build', '-o', {str(target)!r}]))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert run.returncode == 2, run.stderr
    assert "cannot write" in run.stderr and "Traceback" not in run.stderr
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


# -- hostile curation input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../../../../etc/passwd", "leaves the articles folder"),
        ("../articles/" + ARTICLE, "leaves the articles folder"),  # even when it comes back
        ("/etc/passwd", "absolute path"),
        (str(curate.ARTICLES_DIR / ARTICLE), "absolute path"),  # even when it is the right file
        ("", "file name"),
        (7, "file name"),
        ("a\0b", "NUL"),
    ],
)
def test_article_paths_stay_in_the_articles_folder(tmp_path: Path, name: Any, message: str) -> None:
    path = write(tmp_path, "a.json", curation(name, places=[PLACE]))
    assert refused(problems_of(path), "a.json", "source.file", message)


def test_symbolic_links_out_of_the_articles_folder_are_refused(tmp_path: Path, articles: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(articles / ARTICLE, outside / ARTICLE)  # a good article: only the link is wrong
    (articles / "escape.txt").symlink_to(outside / ARTICLE)
    (articles / "escape-folder").symlink_to(outside)
    for name in ("escape.txt", f"escape-folder/{ARTICLE}"):
        path = write(tmp_path, "a.json", curation(name, places=[PLACE]))
        assert refused(problems_of(path, articles), "a.json", "source.file", "leads out of the articles folder")
    (articles / "inside.txt").symlink_to(articles / ARTICLE)  # a link that stays inside is followed
    path = write(tmp_path, "a.json", curation("inside.txt", places=[PLACE]))
    assert build_dataset([path], articles).sources.get(SOURCE).file == "inside.txt"


def test_articles_in_subfolders_of_the_articles_folder_are_read(tmp_path: Path, articles: Path) -> None:
    (articles / "sub").mkdir()
    shutil.copy(articles / ARTICLE, articles / "sub" / ARTICLE)
    path = write(tmp_path, "a.json", curation(f"sub/{ARTICLE}", places=[PLACE]))
    assert build_dataset([path], articles).places.ids() == ("place:dushanbe",)


def test_a_fifo_article_is_refused_without_waiting(tmp_path: Path, articles: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    os.mkfifo(articles / "fifo.txt")
    path = write(tmp_path, "a.json", curation("fifo.txt", places=[PLACE]))
    assert refused(problems_of(path, articles), "a.json", "source.file", "not a regular file")


@pytest.mark.parametrize(("folder", "name"), [("/dev", "zero"), ("/dev", "null"), (None, "folder.txt")])
def test_devices_and_folders_as_articles_are_refused(
    tmp_path: Path, articles: Path, folder: str | None, name: str
) -> None:
    where = Path(folder) if folder else articles
    if folder is None:
        (where / name).mkdir()
    elif not (where / name).exists():
        pytest.skip(f"no {folder}/{name} on this platform")
    path = write(tmp_path, "a.json", curation(name, places=[PLACE]))
    assert refused(problems_of(path, where), "a.json", "source.file", "not a regular file")


def test_an_oversized_article_is_refused_before_it_is_read(tmp_path: Path, articles: Path) -> None:
    with (articles / "huge.txt").open("wb") as stream:
        stream.truncate(curate.MAX_ARTICLE_BYTES + 1)  # sparse: no disk, no time
    path = write(tmp_path, "a.json", curation("huge.txt", places=[PLACE]))
    message = f"is {curate.MAX_ARTICLE_BYTES + 1} bytes, more than the limit"  # its size, known before reading
    assert refused(problems_of(path, articles), "a.json", "source.file", message)


def test_the_article_size_limit_is_exact(tmp_path: Path) -> None:
    size = (curate.ARTICLES_DIR / ARTICLE).stat().st_size
    path = write(tmp_path, "a.json", curation(places=[PLACE]))
    assert build_dataset([path], max_article_bytes=size).places.ids() == ("place:dushanbe",)
    assert refused(problems_of(path, max_article_bytes=size - 1), "a.json", "source.file", "more than the limit")


def test_a_non_utf8_article_is_refused(tmp_path: Path, articles: Path) -> None:
    (articles / "latin1.txt").write_bytes("Dushanbe, Tadschikistan: Präsident".encode("latin-1"))
    path = write(tmp_path, "a.json", curation("latin1.txt", places=[PLACE]))
    assert refused(problems_of(path, articles), "a.json", "source.file", "not UTF-8")


def test_curation_files_are_regular_files_of_bounded_size(tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as stream:
        stream.truncate(curate.MAX_CURATION_BYTES + 1)
    assert refused(problems_of(huge), "huge.json", "", "more than the limit")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo.json")
        assert refused(problems_of(tmp_path / "fifo.json"), "fifo.json", "", "not a regular file")
    assert refused(problems_of(tmp_path / "missing.json"), "missing.json", "", "cannot read")


def nested(depth: int) -> str:
    """A curation file whose ``places`` array nests ``depth`` levels deep in all."""
    inner = "[" * (depth - 1) + "]" * (depth - 1)
    return json.dumps(curation()).removesuffix("}") + f', "places": {inner}}}'


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ("{", "", "not valid JSON"),
        ('{"source": {}} trailing', "", "not valid JSON"),
        ('{"source": {"id": "a", "id": "b"}}', "", "duplicate key 'id'"),
        ('{"source": {"id": 1' + "0" * 5000 + "}}", "", "not valid JSON"),  # too many digits to convert
        ("[]", "", "a curation file is a JSON object"),
        ('{"source": []}', "source", "must be an object"),
        ('{"source": {"id": 7}}', "source.id", "must be the source's id"),
        ('{"source": {"id": "source:x"}, "gossip": []}', "", "unknown keys ['gossip']"),
        (json.dumps(curation(places={"id": "place:x"})), "places", "must be an array"),
        (json.dumps(curation(places=["place:x"])), "places[0]", "must be an object"),
        ("{" * 100_000 + "}" * 100_000, "", "nests 100000 levels deep"),
        (nested(curate.MAX_DEPTH + 1), "", f"nests {curate.MAX_DEPTH + 1} levels deep"),
    ],
)
def test_malformed_curation_files_get_one_line_problems(
    tmp_path: Path, text: str, field: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    assert refused(problems_of(path), "bad.json", field, message)
    assert main(["check", str(path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].endswith("problem(s):") and "Traceback" not in lines
    assert all(line.startswith("  bad.json: ") for line in lines[1:]), lines


def test_nesting_up_to_the_limit_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(nested(curate.MAX_DEPTH), encoding="utf-8")
    problems = problems_of(path)
    assert not any("nests" in p.message for p in problems)
    assert refused(problems, "deep.json", "places[0]", "must be an object")


def test_a_depth_bomb_is_refused_with_a_raised_recursion_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.json"
    path.write_text("[" * 1_000_000, encoding="utf-8")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(10**8)  # the depth is counted, never recursed into
    try:
        assert refused(problems_of(path), "bomb.json", "", "nests 1000000 levels deep")
    finally:
        sys.setrecursionlimit(limit)


@pytest.mark.parametrize(
    ("evidence", "field", "message"),
    [
        ([7], "evidence[0]", "evidence must be a quote"),
        ([{"quote": 7}], "evidence[0]", "non-empty text"),
        ([{"quote": ""}], "evidence[0]", "non-empty text"),
        ([{"quote": "Dushanbe", "occurrence": -1}], "evidence[0]", "int >= 0"),
        ([{"quote": "Dushanbe", "occurrence": True}], "evidence[0]", "int >= 0"),
        ([{"quote": "Dushanbe", "occurrence": 1.0}], "evidence[0]", "int >= 0"),
        ([{"quote": "Dushanbe", "occurrence": 10**30}], "evidence[0]", "times"),
        ([{"quote": "Dushanbe", "where": 1}], "evidence[0]", "evidence must be a quote"),
        ({"quote": "Dushanbe"}, "evidence", ""),
        ("Dushanbe", "evidence", ""),
    ],
)
def test_wrong_types_in_records_name_the_record_the_field_and_the_file(
    tmp_path: Path, evidence: Any, field: str, message: str
) -> None:
    claim = {"id": "claim:x", "speaker": None, "kind": "statement", "evidence": evidence}
    path = write(tmp_path, "a.json", curation(places=[dict(PLACE, evidence=evidence)], claims=[claim]))
    problems = problems_of(path)
    for record in ("place:dushanbe", "claim:x"):
        assert any(p.record == record and p.field == field and message in p.message for p in problems), problems
    assert all(p.message.endswith("(in a.json)") for p in problems if p.record != "a.json"), problems


def test_control_characters_in_problems_are_shown_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "a.json", curation(places=[dict(PLACE, id="place:\x1b[2Jx\nvalid", kind="town")]))
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b[2Jx\\x0avalid" in err
    assert len(err.splitlines()) == 1 + len(problems_of(path))


def test_a_huge_conflicting_value_is_quoted_short(tmp_path: Path) -> None:
    first = write(tmp_path, "a.json", curation(places=[dict(PLACE, country="x" * 100_000)]))
    other = {"id": "source:004-e880cedfab62665c", "file": "004_e880cedfab62665c.txt", "evidence": ["ALMATY"]}
    second = write(tmp_path, "b.json", {"source": other, "places": [dict(PLACE, evidence=["Ashgabat"], country="y")]})
    with pytest.raises(CurationError) as exc:
        build_dataset([first, second], curate.ARTICLES_DIR)
    conflict = next(p for p in exc.value.problems if "conflicting" in p.message)
    assert len(conflict.message) < 300 and "100002 characters" in conflict.message


def test_the_depth_check_is_linear() -> None:
    # Counted, not timed (benchmarks/growth.py times it): ten times the brackets, at most ten
    # times the steps; a scan that went back over the text at each bracket (or peeled one
    # level at a time) would take about 100 times as many.
    def steps(n: int) -> int:
        text = '{"a": "[[[[", "b": ' + "[" * n + "]" * n + "}"
        assert curate.json_depth(text) == n + 1
        return work(lambda: curate.json_depth(text))

    steps(10)  # warm-up: the patterns are compiled
    small, large = steps(2_000), steps(20_000)
    assert small > 2_000 and large <= 10.1 * small, (small, large)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["id", "evidence", "quote"]), inner),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    where=st.sampled_from(["document", "source", "record", "field", "evidence"]),
    plural=st.sampled_from(["people", "places", "summits", "claims", "initiatives"]),
    value=JSON,
)
def test_any_json_in_a_curation_file_gets_problems_not_a_crash(
    tmp_path: Path, where: str, plural: str, value: Any
) -> None:
    document = curation(places=[PLACE])
    if where == "document":
        document = value
    elif where == "source":
        document["source"] = value
    elif where == "record":
        document[plural] = [value]
    elif where == "field":
        document["places"] = [dict(PLACE, kind=value, name=value)]
    else:
        document["places"] = [dict(PLACE, evidence=[value])]
    path = write(tmp_path, "fuzz.json", document)
    try:
        build_dataset([path], curate.ARTICLES_DIR)
    except CurationError as err:
        problems = err.problems
    else:
        return
    assert problems
    assert all("fuzz.json" in str(p) for p in problems), problems
    lines = list(curate._report(problems))
    assert len("\n".join(lines).splitlines()) == len(lines) == len(problems) + 1, lines


# -- roles, the corrections log and the data changelog -------------------------------------------


def test_the_same_role_in_two_articles_is_one_role(tmp_path: Path) -> None:
    person = {"id": "person:kassym-jomart-tokayev", "name": "Kassym-Jomart Tokayev"}
    first = curation(
        people=[
            dict(
                person,
                evidence=["Tokayev"],
                roles=[{"title": "President", "of": None, "as_of": "2025-10-10", "evidence": ["President Tokayev"]}],
            )
        ]
    )
    second = {
        "source": {"id": "source:004-e880cedfab62665c", "file": "004_e880cedfab62665c.txt", "evidence": ["ALMATY"]},
        "people": [
            dict(
                person,
                evidence=["Tokayev"],
                roles=[
                    {"title": "President", "of": None, "as_of": "2025-12-11", "evidence": ["President Tokayev"]},
                    {"title": "Head", "of": None, "as_of": None, "evidence": ["Tokayev"]},
                ],
            )
        ],
    }
    ds = build_dataset([write(tmp_path, "a.json", first), write(tmp_path, "b.json", second)], curate.ARTICLES_DIR)
    roles = ds.people.get(person["id"]).roles
    assert [(r.title, str(r.as_of)) for r in roles] == [("President", "2025-10-10"), ("Head", "None")]
    assert [a.source for a in roles[0].evidence] == [SOURCE, "source:004-e880cedfab62665c"]


def _log(folder: Path, **entry: Any) -> None:
    base = {
        "record": "place:dushanbe",
        "data_version": "2026.1",
        "action": "changed",
        "fields": ["name"],
        "reason": "A better name.",
        "evidence": [{"source": SOURCE, "quote": "Dushanbe"}],
    }
    write(folder, "corrections.json", {"corrections": [dict(base, **entry)]})


def test_the_corrections_log_is_anchored_checked_and_written_beside_the_data(tmp_path: Path) -> None:
    folder = tmp_path / "curation"
    folder.mkdir()
    write(folder, "000.json", curation(places=[PLACE]))
    _log(folder)
    output = tmp_path / "out" / "summitdata.json"
    output.parent.mkdir()
    assert main(["build", "--curation", str(folder), "-o", str(output)]) == 0
    (entry,) = summitdata.changes.loads_changes((output.parent / "corrections.json").read_bytes())
    assert (entry.evidence[0].start, entry.evidence[0].text) == (309, "Dushanbe")
    assert main(["build", "--curation", str(folder), "-o", str(output), "--check"]) == 0
    (output.parent / "corrections.json").write_text('{"corrections": []}', encoding="utf-8")
    assert main(["build", "--curation", str(folder), "-o", str(output), "--check"]) == 1
    files = curate.curation_files(folder)
    assert [p.name for p in files] == ["000.json"]  # the log is not an article's curation file
    for entry_fields, message in (
        ({"evidence": [{"source": SOURCE, "quote": "Atlantis"}]}, "does not occur"),
        ({"action": "removed", "fields": []}, "a published id is never reused"),
        ({"record": "place:atlantis"}, "no record has this id"),
    ):
        _log(folder, **entry_fields)
        with pytest.raises(CurationError, match=message):
            build_dataset(files, curate.ARTICLES_DIR, changes_file=folder / "corrections.json")


def test_the_data_changelog_page_is_up_to_date() -> None:
    assert main(["changelog", "--check"]) == 0


def test_the_data_changelog_refuses_a_change_without_a_log_entry(tmp_path: Path) -> None:
    document = json.loads((ROOT / "tests" / "data" / "summitdata-2025.12.1.json").read_text(encoding="utf-8"))
    document["places"][0]["name"] = "Somewhere else"  # a change the log does not explain
    write(tmp_path, "summitdata-2025.12.1.json", document)
    assert main(["changelog", "--releases", str(tmp_path), "-o", str(tmp_path / "page.md")]) == 1
    assert not (tmp_path / "page.md").exists()


@pytest.mark.parametrize("blank", ["", "  "])
def test_a_record_with_a_blank_id_is_named_by_its_file_and_place(tmp_path: Path, blank: str) -> None:
    path = write(tmp_path, "blank.json", curation(places=[dict(PLACE, id=blank)]))
    with pytest.raises(CurationError) as exc:
        build_dataset([path], curate.ARTICLES_DIR)
    assert [p.record for p in exc.value.problems] == ["blank.json: places[0]"]
    assert all("blank.json" in str(p) for p in exc.value.problems)
