"""The docs site in a real browser: served on localhost, opened in headless Chromium.

The site is built once for this module (``python -m sphinx -b html docs``) unless
``SUMMITDATA_DOCS_HTML`` names a folder that holds one already. Chromium is Debian's
``chromium`` (``apt-get install chromium``), or the binary ``SUMMITDATA_CHROMIUM`` names;
without it the tests are skipped with that reason, except in CI, where they fail. Each page
must load with no JavaScript error, no failed request and every image drawn; the search
for "Caspian" must find pages. Screenshots go to ``SUMMITDATA_SCREENSHOTS`` when it is set.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import summitdata

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: Images that did not load: not complete, or complete with no pixels.
BROKEN_IMAGES = "Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"


def _chromium() -> str:
    found = os.environ.get("SUMMITDATA_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        message = "Debian's chromium is not installed (apt-get install chromium), or set SUMMITDATA_CHROMIUM"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site(repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("SUMMITDATA_DOCS_HTML")
    if given:
        assert (Path(given) / "index.html").is_file(), f"SUMMITDATA_DOCS_HTML={given} holds no built site"
        return Path(given)
    docs = repo_root / "docs"
    if not (docs / "conf.py").exists():
        pytest.fail("the docs are not beside the tests: run the tests from a clone")
    out = tmp_path_factory.mktemp("html")
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(docs), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def _serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture
def served(site: Path) -> Iterator[str]:
    server, url = _serve(site)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


def visit(browser: Any, url: str, screenshot: Path | None = None, wait_for: str | None = None) -> dict[str, Any]:
    """Open ``url`` and report what went wrong: console errors, page errors, failed requests,
    broken images; with ``wait_for``, the texts of the elements of that selector once one shows.
    """
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    report: dict[str, Any] = {"console": [], "errors": [], "failed": [], "broken": [], "found": []}
    page.on("console", lambda m: report["console"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: report["errors"].append(str(e)))
    page.on("requestfailed", lambda r: report["failed"].append(r.url))
    page.on("response", lambda r: report["failed"].append(f"{r.status} {r.url}") if r.status >= 400 else None)
    try:
        page.goto(url, wait_until="load", timeout=60_000)
        if wait_for is not None:
            page.wait_for_selector(wait_for, timeout=30_000)
            report["found"] = page.locator(wait_for).all_inner_texts()
        page.wait_for_load_state("networkidle", timeout=30_000)
        report["broken"] = page.evaluate(BROKEN_IMAGES)
        report["figures"] = page.evaluate(
            "Array.from(document.querySelectorAll('figure img')).map(i => [i.getAttribute('alt'), i.naturalWidth])"
        )
        if screenshot is not None:
            page.screenshot(path=str(screenshot), full_page=True)
    finally:
        page.close()
    return report


def _pages(ds: summitdata.Dataset) -> dict[str, str]:
    """The pages to open: the home page, the event with most claims, the Caspian programme, an article."""
    root = max(
        (s for s in ds.summits if s.parent is None), key=lambda s: (sum(c.summit == s.id for c in ds.claims), s.id)
    )
    slug = lambda record_id: record_id.partition(":")[2]  # noqa: E731
    return {
        "home": "index.html",
        "summit": f"catalogue/generated/summits/{slug(root.id)}.html",
        "initiative": "catalogue/generated/initiatives/caspian-interstate-programme.html",
        "article": f"catalogue/generated/articles/{slug(ds.sources[0].id)}.html",
    }


def _shots() -> Path | None:
    folder = os.environ.get("SUMMITDATA_SCREENSHOTS")
    if not folder:
        return None
    Path(folder).mkdir(parents=True, exist_ok=True)
    return Path(folder)


@pytest.mark.parametrize("name", ["home", "summit", "initiative", "article"])
def test_page_loads_cleanly(browser: Any, served: str, ds: summitdata.Dataset, name: str) -> None:
    shots = _shots()
    report = visit(browser, served + _pages(ds)[name], shots / f"{name}.png" if shots else None)
    assert report["console"] == []
    assert report["errors"] == []
    assert report["failed"] == []
    assert report["broken"] == []
    if name in {"summit", "initiative"}:  # the pictures of the catalogue, each with its text alternative
        assert report["figures"], "no picture on the page"
        assert all(alt and width > 0 for alt, width in report["figures"]), report["figures"]


def test_search_finds_caspian(browser: Any, served: str) -> None:
    shots = _shots()
    report = visit(
        browser, served + "search.html?q=Caspian", shots / "search.png" if shots else None, wait_for="ul.search li"
    )
    assert report["console"] == []
    assert report["errors"] == []
    assert report["failed"] == []
    assert any("Caspian" in text for text in report["found"]), report["found"]


def test_the_checks_see_a_broken_page(browser: Any, tmp_path: Path) -> None:
    # The rules above would pass on anything if the checks saw nothing: a page with a missing
    # image, a script error and a console error must be reported on each count.
    (tmp_path / "index.html").write_text(
        "<!doctype html><html><body><img src='missing.png' alt='x'>"
        "<script>console.error('boom'); undefinedFunction();</script></body></html>",
        encoding="utf-8",
    )
    server, url = _serve(tmp_path)
    try:
        report = visit(browser, url + "index.html")
    finally:
        server.shutdown()
        server.server_close()
    assert report["broken"] and report["broken"][0].endswith("missing.png")
    assert any("boom" in text for text in report["console"])
    assert any("undefinedFunction" in text for text in report["errors"])
    assert any("404" in text and "missing.png" in text for text in report["failed"])
