"""``IndexStore.sync_if_current``: the app's start checks the index with one listing of the corpus,
and a changed corpus is left to a real sync, which sees the change."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.index.corpus.articles import Corpus
from dossier.index.indexing.store import IndexStore


@pytest.fixture
def listings(monkeypatch: pytest.MonkeyPatch) -> list[Corpus]:
    """Every listing of a corpus made, by corpus."""
    made: list[Corpus] = []
    listing = Corpus.listing

    def counted(self: Corpus):  # type: ignore[no-untyped-def]
        made.append(self)
        return listing(self)

    monkeypatch.setattr(Corpus, "listing", counted)
    return made


def test_a_current_index_is_checked_with_one_listing(
    seeds_only: Corpus, tmp_path: Path, listings: list[Corpus]
) -> None:
    IndexStore(seeds_only, tmp_path / "ix").sync()
    listings.clear()
    report = IndexStore(seeds_only, tmp_path / "ix").sync_if_current()
    assert report is not None and not report.did_work and report.path
    assert len(listings) == 1


def test_a_changed_corpus_is_left_to_a_sync_that_sees_it(
    seeds_only: Corpus, tmp_path: Path, listings: list[Corpus]
) -> None:
    IndexStore(seeds_only, tmp_path / "ix").sync()
    (seeds_only.seeds_dir / "zz-added.txt").write_text("Kozhemyako visited Khasan.\n", "utf-8")
    store = IndexStore(seeds_only, tmp_path / "ix")
    assert store.sync_if_current() is None
    report = store.sync()  # the listing sync_if_current made is not reused
    assert report.added == 1
