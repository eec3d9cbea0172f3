"""The examples in the docstrings of the installed package and in the README run as shown."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import summitdata

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
MODULES = sorted(
    name for _, name, _ in pkgutil.walk_packages(summitdata.__path__, "summitdata.") if not name.endswith("__main__")
)


@pytest.mark.parametrize("name", ["summitdata", *MODULES])
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=FLAGS, report=True)
    assert result.failed == 0, f"{result.failed} failing example(s) in {name}"


def test_public_names_have_examples() -> None:
    missing = []
    for name in summitdata.__all__:
        obj = getattr(summitdata, name)
        if isinstance(obj, str) or name == "Record":
            continue
        if ">>>" not in (obj.__doc__ or ""):
            missing.append(name)
    assert missing == []


def test_readme_examples(repo_root: Path) -> None:
    readme = repo_root / "README.md"
    if not readme.exists():
        pytest.skip("the README is in the source tree, not in the wheel")
    result = doctest.testfile(str(readme), module_relative=False, optionflags=FLAGS)
    assert result.attempted > 0
    assert result.failed == 0


def test_public_methods_have_examples() -> None:
    missing = []
    for name in summitdata.__all__:
        obj = getattr(summitdata, name)
        if not isinstance(obj, type):
            continue
        for attr, value in vars(obj).items():
            if attr.startswith("_") or not (callable(value) or isinstance(value, (property, classmethod))):
                continue
            if ">>>" not in (getattr(obj, attr).__doc__ or ""):
                missing.append(f"{name}.{attr}")
    assert missing == []
