"""Datasets, collections, records and errors pickle, copy and deep-copy; load() is one object
for every thread; a dataset crosses process boundaries (issue 11)."""

from __future__ import annotations

import copy
import importlib
import multiprocessing
import operator
import pickle
import pkgutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

import summitdata
from summitdata import Collection, Dataset, Problem, errors

TOKAYEV = "person:kassym-jomart-tokayev"


def _pickled(value: Any) -> Any:
    return pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


COPIES: dict[str, Callable[[Any], Any]] = {"pickle": _pickled, "copy": copy.copy, "deepcopy": copy.deepcopy}


@pytest.fixture(params=list(COPIES))
def copied(request: pytest.FixtureRequest) -> Callable[[Any], Any]:
    return COPIES[request.param]


def test_records_of_every_kind_copy_to_equal_records(ds: Dataset, copied: Callable[[Any], Any]) -> None:
    for collection in ds.collections():
        for record in list(collection)[:5]:
            again = copied(record)
            assert again == record and type(again) is type(record) and hash(again) == hash(record)


def test_a_dataset_copies_to_an_equal_dataset_that_answers_the_same(ds: Dataset, copied: Callable[[Any], Any]) -> None:
    again = copied(ds)
    assert again == ds and hash(again) == hash(ds) and repr(again) == repr(ds)
    assert again.data_version == ds.data_version
    assert again.claims.filter(speaker=TOKAYEV, topic="transport") == ds.claims.filter(
        speaker=TOKAYEV, topic="transport"
    )
    assert again.search("Caspian programme") == ds.search("Caspian programme")
    claim = ds.claims.get("claim:2025-10-10-cis-council-07")
    assert again.context(claim) == ds.context(claim)
    assert again.timeline() == ds.timeline()


def test_a_pickled_dataset_is_a_new_object_with_its_own_engine(ds: Dataset) -> None:
    ds.search("warm")  # something built in the original
    again = _pickled(ds)
    assert again is not ds and again._engine is None  # the indexes are not pickled
    assert again._query_engine() is not ds._query_engine() and again._query_engine().dataset is again
    assert again.claims._query_engine() is again._query_engine()
    assert len(pickle.dumps(ds)) < 2 * len(summitdata.dumps(ds))  # the records only, not the indexes


def test_collections_copy_to_equal_collections_that_answer_the_same(ds: Dataset, copied: Callable[[Any], Any]) -> None:
    result = ds.claims.filter(speaker=TOKAYEV, since="2025-12")
    for collection in (ds.claims, ds.people, result):
        again = copied(collection)
        assert again == collection and again.ids() == collection.ids() and again.kind == collection.kind
    for collection, criteria in ((ds.claims, {"direct": True}), (result, {"topic": "water"}), (ds.people, {})):
        assert copied(collection).filter(**criteria).ids() == collection.filter(**criteria).ids()
    assert copied(result).ids() == result.ids() != tuple(sorted(result.ids()))  # the order of a result is kept


def test_a_dataset_and_its_collections_pickled_together_stay_together(ds: Dataset) -> None:
    again, claims, result = _pickled((ds, ds.claims, ds.claims.filter(direct=True)))
    assert claims is again.claims
    assert result._owner() is again


def test_a_hand_built_collection_stays_hand_built(ds: Dataset, copied: Callable[[Any], Any]) -> None:
    mine = Collection(list(ds.claims)[:10], kind="claim")
    mine.filter(direct=True)  # gives it an engine of its own
    again = copied(mine)
    assert again == mine and again._owner() is None
    assert again.filter(direct=True).ids() == mine.filter(direct=True).ids()
    with pytest.raises(summitdata.QueryError, match="built by hand"):
        again.filter(since="2025")


def _error_classes() -> Iterator[type[errors.SummitDataError]]:
    for module in pkgutil.walk_packages(summitdata.__path__, "summitdata."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    todo = [errors.SummitDataError]
    while todo:
        cls = todo.pop()
        if cls.__module__ == "summitdata" or cls.__module__.startswith("summitdata."):  # not a tool's errors
            yield cls
        todo.extend(cls.__subclasses__())


def _instance(cls: type[errors.SummitDataError]) -> errors.SummitDataError:
    """One error of each class, made the way the library makes it."""
    if issubclass(cls, errors.RecordRemovedError):
        return cls("claim", "claim:gone", data_version="2026.1", reason="a duplicate", replaced_by="claim:kept")
    if issubclass(cls, errors.RecordNotFoundError):
        return cls("person", "person:nobody")
    if issubclass(cls, errors.ValidationError):
        return cls(
            [
                Problem(record="claim:x", field="topics[0]", message="unknown"),
                Problem(record="a", field="", message="b"),
            ]
        )
    return cls("something went wrong: 'x'")


ERRORS = sorted(_error_classes(), key=lambda cls: cls.__qualname__)


@pytest.mark.parametrize("cls", ERRORS, ids=lambda cls: cls.__name__)
def test_every_library_error_copies_to_an_equal_error(
    cls: type[errors.SummitDataError], copied: Callable[[Any], Any]
) -> None:
    error = _instance(cls)
    error.add_note("a note")
    again = copied(error)
    assert type(again) is cls
    assert again.args == error.args and str(again) == str(error) and vars(again) == vars(error)
    assert isinstance(again, errors.SummitDataError)


def test_the_errors_are_all_found() -> None:
    names = {cls.__name__ for cls in ERRORS}
    assert {"ValidationError", "DataError", "RecordNotFoundError", "QueryError", "MissingDependencyError"} <= names


def test_a_raised_error_crosses_a_pickle_with_its_details(ds: Dataset) -> None:
    with pytest.raises(summitdata.RecordNotFoundError) as raised:
        ds.people.get("person:nobody")
    again = _pickled(raised.value)
    assert (again.kind, again.record_id, str(again)) == ("person", "person:nobody", "no person with id 'person:nobody'")
    with pytest.raises(summitdata.ValidationError) as invalid:
        summitdata.loads(b'{"schema_version": "1.0"}')
    assert _pickled(invalid.value).problems == invalid.value.problems


def test_a_process_pool_works_on_a_loaded_dataset(ds: Dataset) -> None:
    context = multiprocessing.get_context("spawn")  # every argument and result crosses a pickle
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        assert list(pool.map(len, ds.collections())) == [len(c) for c in ds.collections()]
        texts = ["Caspian programme", "water", "Tokayev"]
        assert list(pool.map(Dataset.search, [ds] * len(texts), texts)) == [ds.search(t) for t in texts]
        by_speaker = operator.methodcaller("filter", speaker=TOKAYEV, topic="transport")
        assert list(pool.map(by_speaker, [ds.claims])) == [by_speaker(ds.claims)]
        assert pool.submit(Dataset.verify, ds).result() == ()
        with pytest.raises(summitdata.RecordNotFoundError, match="no person with id 'person:nobody'"):
            pool.submit(operator.methodcaller("get", "person:nobody"), ds.people).result()


def test_threads_that_call_load_at_once_get_one_dataset() -> None:
    code = """
import threading, summitdata
barrier = threading.Barrier(8)
found = []
def run():
    barrier.wait()
    found.append(summitdata.load())
threads = [threading.Thread(target=run) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print(len(found), len({id(d) for d in found}), found[0] is summitdata.load())
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["8", "1", "True"]
