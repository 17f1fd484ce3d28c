"""The session and its snapshots: a reload swaps in a new snapshot and closes the old one once its
last reader is done; only damage the backend translates (IndexDamaged) rebuilds the index, never a
bug in dossier's code."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dossier.index.api import Keeper, SearchCancelled, Session, Snapshot, keeping
from dossier.index.corpus.articles import Corpus
from dossier.index.indexing.manifest import MANIFEST
from dossier.index.indexing.store import index_dir
from dossier.index.search.query import QueryBuilder

ARTICLE_003 = "003_5a1a26e7ddca32af"
GREETED = (
    "There, Kim was greeted with a red carpet by Natural Resources Minister Alexander Kozlov, "
    "Regional Governor Oleg Kozemayako, honor guards, and a military band."
)


@pytest.fixture
def corpus(tmp_path: Path, copy_corpus: Callable[[Path], Corpus]) -> Corpus:
    return copy_corpus(tmp_path / "corpus")


def _maps_under(folder: Path) -> int:
    """How many of this process's memory maps are of files in ``folder`` (Whoosh maps each segment
    file)."""
    prefix = str(folder.resolve())
    with open("/proc/self/maps", encoding="utf-8") as maps:
        return sum(1 for line in maps if prefix in line)


def test_a_bug_in_query_code_surfaces_and_the_index_is_not_rebuilt(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot = Snapshot.open(corpus, tmp_path / "index")
    engine, report = snapshot.backend.engine, snapshot.last_sync  # type: ignore[attr-defined]
    manifest = index_dir(corpus, tmp_path / "index") / MANIFEST
    written = manifest.stat().st_mtime_ns

    def broken(self: QueryBuilder, text: str, *args: object) -> None:
        raise ValueError("bad escape \\d at position 0")

    monkeypatch.setattr(QueryBuilder, "parse", broken)
    with pytest.raises(ValueError, match="bad escape"):
        snapshot.search("kim")
    assert snapshot.last_sync is report and report.notes == []  # no repair ran
    assert snapshot.backend.engine is engine  # type: ignore[attr-defined]
    assert manifest.stat().st_mtime_ns == written
    monkeypatch.undo()
    assert snapshot.search("kim").total > 0  # the index it serves is the same, and fine


def test_reload_swaps_in_a_new_snapshot_and_closes_the_old_one(
    corpus: Corpus, tmp_path: Path
) -> None:
    session = Session.open(corpus, tmp_path / "index")
    first = session.current
    keeping.DossierWriter(corpus).add_claim(
        "oleg-kozhemyako", keeping.NewClaim("Greeted the zeppelin.", ARTICLE_003, GREETED)
    )
    second = session.reload(in_process=True)
    assert session.current is second is not first
    assert first.closed and not second.closed
    assert second.dossier("oleg-kozhemyako").claims[-1].text == "Greeted the zeppelin."
    assert first.dossier("oleg-kozhemyako").claims[-1].text != "Greeted the zeppelin."


def test_a_reader_keeps_its_snapshot_open_through_a_reload(corpus: Corpus, tmp_path: Path) -> None:
    session = Session.open(corpus, tmp_path / "index")
    with session.reading() as held:
        before = held.search("kim").total
        session.reload(in_process=True)
        assert session.current is not held and not held.closed
        assert held.search("kim").total == before  # still readable while held
    assert held.closed  # the last reader is done: closed
    with pytest.raises(Exception, match="replaced"), session.reading(held):
        pass  # a worker that starts on a replaced snapshot learns it is stale
    assert session.current.search("kim").total == before


def test_five_reloads_do_not_grow_the_open_maps(corpus: Corpus, tmp_path: Path) -> None:
    session = Session.open(corpus, tmp_path / "index")
    folder = index_dir(corpus, tmp_path / "index")
    session.current.search("kim")
    opened = _maps_under(folder)
    olds = []
    for _ in range(5):
        olds.append(session.current)
        session.reload(in_process=True)
        session.current.search("kim")
    assert all(old.closed for old in olds)
    assert _maps_under(folder) <= opened


def test_the_keeper_writes_and_reloads(corpus: Corpus, tmp_path: Path) -> None:
    keeper = Keeper(Session.open(corpus, tmp_path / "index"))
    keeper.writer.add_claim(
        "oleg-kozhemyako", keeping.NewClaim("Greeted the zeppelin.", ARTICLE_003, GREETED)
    )
    assert [h.id for h in keeper.reload(in_process=True).search("zeppelin").hits] == [
        "oleg-kozhemyako"
    ]
    keeper.undo()
    assert keeper.reload(in_process=True).search("zeppelin").total == 0


def test_a_read_of_a_retired_snapshot_is_stale_and_never_rebuilds_the_index(
    corpus: Corpus, tmp_path: Path
) -> None:
    """The results list reads its rows lazily from the snapshot that made them: read after a reload
    retired it, that is a stale read (SearchCancelled), not damage to repair."""
    session = Session.open(corpus, tmp_path / "index")
    old = session.current
    listing = old.browse()
    manifest = index_dir(corpus, tmp_path / "index") / MANIFEST
    written = manifest.stat().st_mtime_ns
    session.reload(in_process=True)
    assert old.closed
    with pytest.raises(SearchCancelled):
        listing[len(listing) - 1]  # a row no one read before the reload
    with pytest.raises(SearchCancelled):
        old.article(ARTICLE_003)
    assert old.last_sync.notes == [] and manifest.stat().st_mtime_ns == written  # no rebuild
    assert session.current.article(ARTICLE_003) is not None
