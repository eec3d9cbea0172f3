"""Sphinx configuration of the summitdata documentation.

The site documents the *installed* package: nothing here adds ``src/`` to ``sys.path``, so
``sphinx-build`` (HTML, and ``-b doctest`` for the examples) runs against what ``pip`` installed.
The build needs no network: no intersphinx, no remote assets.
"""

from __future__ import annotations

import sys
from pathlib import Path

import summitdata

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "summitdata"
author = "The summitdata developers"
copyright = "the summitdata developers"
release = summitdata.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "summitdata_docs",
    "summitdata_catalogue",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
root_doc = "index"

# MyST: ``:::`` fences for directives, ``{role}`` syntax, heading anchors for links to sections.
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# autodoc: signatures as written in the source, types in the descriptions.
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_default_options = {"members": True, "undoc-members": False}
add_module_names = False

# doctest: the docstring examples are run by pytest (tests/test_doctests.py); here the builder
# runs the ``>>>`` examples of the pages (summitdata_docs marks them) and of the README.
doctest_test_doctest_blocks = ""
# ``$ summitdata ...`` console blocks run in process in a scratch directory (summitdata_docs).
doctest_global_setup = (
    "from summitdata_docs import cli_setup, run_cli as _sd_cli, cli_status as _sd_status\ncli_setup()"
)
doctest_global_cleanup = "from summitdata_docs import cli_cleanup\ncli_cleanup()"
import doctest as _doctest  # noqa: E402

doctest_default_flags = _doctest.ELLIPSIS | _doctest.NORMALIZE_WHITESPACE | _doctest.DONT_ACCEPT_TRUE_FOR_1

# Nitpicky mode (-n) with no intersphinx (no network at build time): references to the
# standard library and to attrs/typing internals cannot resolve, and are ignored here on
# purpose, by name; every reference into summitdata itself must resolve.
nitpicky = True
nitpick_ignore_regex = [
    # the standard library and typing: builtins, collections.abc, datetime, os, enum, io
    ("py:class", r"(str|int|float|bool|bytes|object|type|None|NoneType|Exception|ValueError|KeyError)"),
    ("py:class", r"(typing|collections\.abc|datetime|os|enum|io|pathlib)\..*"),
    ("py:class", r"(Mapping|Iterable|Iterator|Sequence|IO|Any|TypeVar|Generic|PathLike)(\[.*\])?"),
    ("py:class", r"(datetime|date|Path|Enum)"),
    ("py:(obj|class|data)", r"(T|R)"),
    ("py:(obj|class|data)", r"summitdata\.(dataset|serialize)\.(R|T)"),
    # internal helper types that appear in signatures (documented in prose, not as API)
    ("py:class", r"(summitdata\.(query|search)\.)?(Keyword|Named)"),
    # typing-only names in signatures: the filter keywords per kind, file formats, pandas
    ("py:class", r"(summitdata\.(query|serialize|index)\.)?(\w*Filter|Format|Derived|Index|DataFrame)"),
    # attrs internals that appear in generated signatures
    ("py:class", r"attr(s)?\..*"),
]

html_theme = "furo"
html_title = f"summitdata {release}"
html_static_path = ["_static"]
html_css_files = ["summitdata.css"]
html_favicon = "_static/favicon.svg"
html_theme_options = {"source_repository": "", "navigation_with_keys": True}
html_last_updated_fmt = None
html_copy_source = False
