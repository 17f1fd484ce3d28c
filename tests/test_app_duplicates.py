"""The app shows a group of copies once: one row marked "+N copies", the copies' ids in the reader's
header."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Static

from dossier.index.api import Snapshot
from dossier.index.corpus.articles import Corpus
from dossier.tui.app import DossierApp
from dossier.tui.widgets.results import ResultsList

PROJECT = Path(__file__).resolve().parent.parent
SEED = "000_588f2ff7381e34dc"


@pytest.fixture(scope="module")
def copies_bench(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """The real seeds and dossiers plus two re-saved copies of one seed (CRLF and straight
    quotes)."""
    root = tmp_path_factory.mktemp("app-copies")
    shutil.copytree(PROJECT / "seeds", root / "seeds")
    shutil.copytree(PROJECT / "dossiers", root / "dossiers")
    text = (root / "seeds" / f"{SEED}.txt").read_text(encoding="utf-8")
    for name in ("copy-a", "copy-b"):
        (root / "seeds" / f"{name}.txt").write_text(
            text.replace("’", "'").replace("\n", "\r\n"), encoding="utf-8"
        )
    return Snapshot.open(Corpus(root), index_root=tmp_path_factory.mktemp("app-copies-index"))


def _row_text(results: ResultsList, index: int) -> str:
    console = Console(width=200, record=True)
    console.print(results.get_option_at_index(index).prompt)
    return console.export_text()


async def test_results_show_a_group_once_with_its_copies(
    copies_bench: Snapshot, search, settle
) -> None:
    app = DossierApp(copies_bench)
    async with app.run_test(size=(120, 40)) as pilot:
        results = await search(pilot, "schoolchildren")
        group = {SEED, "copy-a", "copy-b"}
        rows = [i for i, hit in enumerate(results.hits) if hit.id in group]
        assert len(rows) == 1
        hit = results.hits[rows[0]]
        assert sorted(hit.duplicates) == sorted(group - {hit.id})
        assert "+2 copies" in _row_text(results, rows[0])
        results.focus()
        results.highlighted = rows[0]
        await settle(pilot)
        head = str(app.screen.query_one("#article-head", Static).content)
        assert f"2 copies: {', '.join(sorted(group - {hit.id}))}" in head


async def test_the_whole_corpus_listing_shows_a_group_once(copies_bench: Snapshot, settle) -> None:
    app = DossierApp(copies_bench)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        articles = [hit for hit in app.screen.query_one(ResultsList).hits if hit.kind == "article"]
        assert len(articles) == 5  # seven files, two of them copies
        assert [len(hit.duplicates) for hit in articles].count(2) == 1
