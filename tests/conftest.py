"""Shared fixtures: the real seeds and dossiers, indexed once per session in a temporary folder, and
the helpers every test module uses (test modules never import one another)."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Awaitable, Callable
from contextlib import suppress
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed

from dossier.index.api import Snapshot, schema
from dossier.index.corpus.articles import Corpus
from dossier.tui.cli import main
from dossier.tui.widgets.results import ResultsList
from dossier.tui.widgets.search import SearchBox

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _private_index_root(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test writes into the user's cache, state or data folders or reads their
    $DOSSIER_CORPUS."""
    monkeypatch.setenv("DOSSIER_INDEX_ROOT", str(tmp_path_factory.getbasetemp() / "index-root"))
    monkeypatch.setenv("DOSSIER_STATE_ROOT", str(tmp_path_factory.getbasetemp() / "state-root"))
    monkeypatch.setenv("DOSSIER_DATA_ROOT", str(tmp_path_factory.getbasetemp() / "data-root"))
    monkeypatch.delenv("DOSSIER_CORPUS", raising=False)


@pytest.fixture(scope="session")
def real_corpus() -> Corpus:
    """The project's own corpus (read only)."""
    return Corpus(PROJECT)


@pytest.fixture(scope="session")
def bench(tmp_path_factory: pytest.TempPathFactory, real_corpus: Corpus) -> Snapshot:
    """The real seeds and dossiers, indexed once for the whole session."""
    return Snapshot.open(real_corpus, index_root=tmp_path_factory.mktemp("session-index"))


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The checkout: its seeds/, dossiers/ and pyproject.toml."""
    return PROJECT


def _copy_corpus(destination: Path) -> Corpus:
    shutil.copytree(PROJECT / "seeds", destination / "seeds")
    shutil.copytree(PROJECT / "dossiers", destination / "dossiers")
    return Corpus(destination)


@pytest.fixture
def copy_corpus() -> Callable[[Path], Corpus]:
    """``copy_corpus(folder)``: a private copy of the project's corpus there, that a test may
    change."""
    return _copy_corpus


def _write_dossier(corpus: Corpus, name: str, text: str | bytes) -> Path:
    path = corpus.dossiers_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(textwrap.dedent(text).lstrip("\n").encode() if isinstance(text, str) else text)
    return path


@pytest.fixture
def write() -> Callable[[Corpus, str, str | bytes], Path]:
    """``write(corpus, "person/x.yaml", text)``: a dossier file under ``dossiers/`` (str text is
    dedented)."""
    return _write_dossier


@pytest.fixture
def seeds_only(tmp_path: Path) -> Corpus:
    """A copy of the seeds with an empty folder for each dossier type."""
    shutil.copytree(PROJECT / "seeds", tmp_path / "seeds")
    for kind in schema.TYPES:
        (tmp_path / "dossiers" / kind).mkdir(parents=True)
    return Corpus(tmp_path)


def _run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = 0 if exit_.code is None else exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def run() -> Callable[..., tuple[int, str, str]]:
    """``run(capsys, *argv)``: the ``dossier`` command in-process, as (exit status, stdout,
    stderr)."""
    return _run_cli


def _article_ids(bench: Snapshot, query: str) -> set[str]:
    return {hit.id for hit in bench.search(query, limit=100).hits if hit.kind == schema.ARTICLE}


@pytest.fixture
def article_ids() -> Callable[[Snapshot, str], set[str]]:
    """``article_ids(bench, query)``: the ids of the articles a query finds (top 100)."""
    return _article_ids


# -- the app under a pilot
# ------------------------------------------------------------------------------


async def _settle(pilot: Pilot[object]) -> None:
    for _ in range(2):
        with suppress(WorkerCancelled, WorkerFailed):  # failures are the app's to report
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def _search(pilot: Pilot[object], query: str) -> ResultsList:
    await pilot.press("slash")
    pilot.app.screen.query_one("#search", SearchBox).value = ""
    await pilot.press(*query)
    await _settle(pilot)
    return pilot.app.screen.query_one(ResultsList)


async def _open_result(pilot: Pilot[object], item_id: str) -> None:
    results = pilot.app.screen.query_one(ResultsList)
    results.focus()
    results.highlighted = [hit.id for hit in results.hits].index(item_id)
    await pilot.press("enter")
    await _settle(pilot)


@pytest.fixture
def settle() -> Callable[[Pilot[object]], Awaitable[None]]:
    """``await settle(pilot)``: let every worker finish and the screen catch up."""
    return _settle


@pytest.fixture
def search() -> Callable[[Pilot[object], str], Awaitable[ResultsList]]:
    """``await search(pilot, query)``: type ``query`` into the cleared search box and wait for the
    results."""
    return _search


@pytest.fixture
def open_result() -> Callable[[Pilot[object], str], Awaitable[None]]:
    """``await open_result(pilot, item_id)``: highlight that result and press Enter on it."""
    return _open_result
