"""The index under faults: another writer, a read-only or unwritable cache, damaged or missing
files."""

from __future__ import annotations

import builtins
import errno
import io
import os
import random
import re
import threading
import zlib
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from whoosh.util.filelock import FileLock

from dossier.index.api import Snapshot
from dossier.index.corpus.articles import Corpus
from dossier.index.indexing.store import LOCK_FILE, MANIFEST, STALE, WAITING, IndexStore, index_dir


@pytest.fixture
def corpus(tmp_path: Path, copy_corpus) -> Corpus:
    return copy_corpus(tmp_path / "corpus")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "ix"


def held_lock(corpus: Corpus, root: Path) -> FileLock:
    """The writers' lock of ``corpus``'s index, held as another dossier process would hold it."""
    folder = index_dir(corpus, root)
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder / LOCK_FILE))
    assert lock.acquire(blocking=False)
    return lock


class ReadOnlyFolders:
    """Folders made read-only as a read-only mount would (even for root): writing, creating,
    renaming or deleting anything in them fails with EROFS. Its methods stand in for ``open``,
    ``os.open`` and the ``os`` functions that change a folder."""

    def __init__(self) -> None:
        self.folders: list[Path] = []
        self._open, self._os_open = builtins.open, os.open

    def inside(self, path: object) -> bool:
        if isinstance(path, int):
            return False
        target = Path(os.fsdecode(path)).absolute()  # type: ignore[arg-type]
        return any(target == f or target.is_relative_to(f) for f in self.folders)

    def refuse(self, path: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", os.fsdecode(path))  # type: ignore[arg-type]

    def open(self, file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if self.inside(file) and any(c in mode for c in "wax+"):
            self.refuse(file)
        return self._open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    def os_open(self, path: object, flags: int, *args: object, **kwargs: object) -> int:
        if self.inside(path) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            self.refuse(path)
        return self._os_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    def guarded(self, real: object) -> object:
        def call(path: object, *args: object, **kwargs: object) -> object:
            if self.inside(path):
                self.refuse(path)
            return real(path, *args, **kwargs)  # type: ignore[operator]

        return call


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Make folders read-only (see :class:`ReadOnlyFolders`). Yields the list to add folders to."""
    guard = ReadOnlyFolders()
    monkeypatch.setattr(builtins, "open", guard.open)
    monkeypatch.setattr(io, "open", guard.open)
    monkeypatch.setattr(os, "open", guard.os_open)
    for name in ("replace", "rename", "unlink", "remove", "mkdir", "rmdir"):
        monkeypatch.setattr(os, name, guard.guarded(getattr(os, name)))
    yield guard.folders


# -- read-only and unwritable caches -------------------------------------------------------------


def test_current_index_in_a_read_only_cache_is_searched(
    corpus: Corpus, root: Path, read_only: list[Path]
) -> None:
    Snapshot.open(corpus, root)
    read_only.append(root.absolute())
    bench = Snapshot.open(corpus, root)  # writes nothing: not the manifest, not the lock
    assert bench.search("Khasan").total >= 1
    assert bench.last_sync.notes == [] and bench.last_sync.path == str(index_dir(corpus, root))


def test_read_only_cache_with_a_stale_index_falls_back_to_a_temporary_one(
    corpus: Corpus, root: Path, read_only: list[Path]
) -> None:
    Snapshot.open(corpus, root)
    (corpus.seeds_dir / "new.txt").write_text("Zephyrquartz\n\nA new zephyrquartz article.\n")
    read_only.append(root.absolute())
    bench = Snapshot.open(corpus, root)
    [note] = bench.last_sync.notes
    assert note.startswith(
        f"cannot write the index cache {index_dir(corpus, root)} (Read-only file system): "
        "using a temporary index in "
    )
    assert not Path(bench.last_sync.path).is_relative_to(root)
    assert [h.id for h in bench.search("zephyrquartz").hits] == ["new"]


def test_unwritable_cache_in_the_app_child_falls_back_too(corpus: Corpus, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    bench = Snapshot.open(corpus, blocker, in_subprocess=True)
    report = bench.last_sync
    assert report.notes and "using a temporary index" in report.notes[0]
    assert bench.search("Khasan").total >= 1


def test_nothing_is_written_when_nothing_changed(corpus: Corpus, root: Path) -> None:
    Snapshot.open(corpus, root)
    folder = index_dir(corpus, root)
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    Snapshot.open(corpus, root).search("kim")
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before


# -- another writer --------------------------------------------------------------------------------


def test_reader_searches_the_last_committed_state_while_a_writer_works(
    corpus: Corpus, root: Path
) -> None:
    Snapshot.open(corpus, root)
    (corpus.seeds_dir / "new.txt").write_text("Zephyrquartz\n\nA new zephyrquartz article.\n")
    lock = held_lock(corpus, root)
    waited: list[str] = []
    try:
        bench = Snapshot.open(
            corpus, root, on_wait=waited.append
        )  # returns at once, without the new file
    finally:
        lock.release()
    assert waited == [] and bench.last_sync.notes == [STALE]
    assert bench.search("Khasan").total >= 1 and bench.search("zephyrquartz").total == 0
    assert Snapshot.open(corpus, root).search("zephyrquartz").total == 1  # the next run catches up


def _release_soon(lock: FileLock, seconds: float = 0.5) -> threading.Timer:
    timer = threading.Timer(seconds, lock.release)
    timer.start()
    return timer


def test_second_writer_waits_with_a_message(corpus: Corpus, root: Path) -> None:
    Snapshot.open(corpus, root)
    lock = held_lock(corpus, root)
    waited: list[str] = []
    timer = _release_soon(lock)
    report = IndexStore(corpus, root).sync(rebuild=True, on_wait=waited.append)
    timer.join()
    assert waited == [WAITING] and report.rebuilt and report.added == 5


def test_first_build_waits_for_the_writer_already_building(corpus: Corpus, root: Path) -> None:
    lock = held_lock(corpus, root)  # a writer started the very first build: nothing committed yet
    waited: list[str] = []
    timer = _release_soon(lock)
    bench = Snapshot.open(corpus, root, on_wait=waited.append)
    timer.join()
    assert waited == [WAITING] and bench.search("Khasan").total >= 1


def test_rebuild_over_a_usable_index_keeps_it_readable_until_the_commit(
    corpus: Corpus, root: Path
) -> None:
    reader = Snapshot.open(corpus, root)
    seen: list[int] = []
    IndexStore(corpus, root).sync(
        lambda done, total: seen.append(reader_total(corpus, root)), rebuild=True
    )
    assert seen and all(
        total >= 1 for total in seen
    )  # during the rebuild a fresh reader finds the old index
    assert reader.search("Khasan").total >= 1


def reader_total(corpus: Corpus, root: Path) -> int:
    return Snapshot.open(corpus, root).search("Khasan").total


# -- damaged, missing or vanishing files -----------------------------------------------------------


def _segments(corpus: Corpus, root: Path) -> list[Path]:
    """Each segment's postings, its largest file (segments are kept as separate files, see
    store.WRITER_MB)."""
    return sorted(index_dir(corpus, root).glob("*.pst"))


def test_truncated_segment_is_found_before_reading_and_rebuilt(corpus: Corpus, root: Path) -> None:
    Snapshot.open(corpus, root)
    [segment] = _segments(corpus, root)
    segment.write_bytes(segment.read_bytes()[: segment.stat().st_size // 2])
    bench = Snapshot.open(corpus, root)
    assert bench.last_sync.rebuilt and bench.last_sync.notes == [
        f"the index at {index_dir(corpus, root)} was damaged or incomplete: rebuilt it"
    ]
    assert bench.search("Khasan").total >= 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda offset: 0x5A ^ offset % 256,
        lambda offset: random.Random(offset).randrange(256),
    ],
)
def test_garbage_in_a_segment_is_rebuilt(
    corpus: Corpus, root: Path, damage: Callable[[int], int]
) -> None:
    expected = [h.id for h in Snapshot.open(corpus, root).search("kim").hits]
    [segment] = _segments(corpus, root)
    data = bytearray(segment.read_bytes())
    for offset in range(1000, len(data) - 100_000, 97):  # same size: only reading it can tell
        data[offset] = damage(offset)
    segment.write_bytes(bytes(data))
    bench = Snapshot.open(corpus, root)
    assert [h.id for h in bench.search("kim").hits] == expected
    [note] = bench.last_sync.notes  # found on opening, or by the first search that read the damage
    assert note.endswith(("was damaged or incomplete: rebuilt it", "): rebuilt it"))


def test_a_read_that_fails_mid_search_rebuilds_and_answers(
    corpus: Corpus, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bench = Snapshot.open(corpus, root)
    expected = [h.id for h in bench.search("kim").hits]
    engine = bench.backend.engine
    monkeypatch.setattr(  # a block that fails to inflate, read inside the engine
        engine._blocks,
        "ranked",
        lambda *args: (_ for _ in ()).throw(zlib.error("incorrect data check")),
    )
    assert [h.id for h in bench.search("kim").hits] == expected
    assert bench.backend.engine is not engine and bench.last_sync.rebuilt
    assert bench.last_sync.notes == [
        "the index could not be read (error: incorrect data check): rebuilt it"
    ]


def test_missing_manifest_or_segment_rebuilds(corpus: Corpus, root: Path) -> None:
    Snapshot.open(corpus, root)
    (index_dir(corpus, root) / MANIFEST).unlink()
    assert Snapshot.open(corpus, root).last_sync.rebuilt
    for segment in _segments(corpus, root):
        segment.unlink()
    bench = Snapshot.open(corpus, root)
    assert bench.last_sync.rebuilt and bench.search("Khasan").total >= 1


def test_index_folder_deleted_under_a_running_bench(corpus: Corpus, root: Path) -> None:
    import shutil

    bench = Snapshot.open(corpus, root)
    before = bench.search("kim").total
    shutil.rmtree(index_dir(corpus, root))
    assert bench.search("kim").total == before  # open files stay readable
    article = bench.article("003_5a1a26e7ddca32af")
    assert article is not None and article.title.startswith("Kim Jong-un")
    assert Snapshot.open(corpus, root).last_sync.rebuilt  # the next start builds it again


def test_files_vanishing_mid_build_are_counted_once(corpus: Corpus, root: Path) -> None:
    doomed = sorted(corpus.seeds_dir.glob("*.txt"))[-2:]  # articles (not seeds/metadata.yaml)
    (corpus.seeds_dir / "metadata.yaml").unlink()  # its entries would name the vanished articles

    def delete_on_first(done: int, total: int) -> None:
        for path in doomed:
            path.unlink(missing_ok=True)

    report = IndexStore(corpus, root).sync(delete_on_first)
    assert (report.added, report.skipped) == (3, 2)
    assert sorted(str(p) for p in report.problems) == sorted(
        f"{p}:1:1: vanished while indexing, skipped" for p in doomed
    )
    again = IndexStore(corpus, root).sync()
    assert (again.added, again.removed, again.skipped, again.problems) == (0, 0, 0, [])


def test_read_only_corpus_is_indexed_and_never_written(
    corpus: Corpus, root: Path, read_only: list[Path]
) -> None:
    read_only.append(corpus.root.absolute())  # any write into the corpus would fail with EROFS
    bench = Snapshot.open(corpus, root)
    assert bench.search("Khasan").total >= 1 and bench.last_sync.rebuilt
    assert Snapshot.open(corpus, root).last_sync.added == 0


async def test_index_folder_deleted_under_the_running_app(
    corpus: Corpus,
    root: Path,
    search: Callable[..., Awaitable[Any]],
    open_result: Callable[..., Awaitable[None]],
) -> None:
    import shutil

    from dossier.tui.app import DossierApp

    app = DossierApp(Snapshot.open(corpus, root))
    async with app.run_test(size=(120, 40)) as pilot:
        before = [hit.id for hit in (await search(pilot, "kim")).hits]
        shutil.rmtree(index_dir(corpus, root))
        after = [hit.id for hit in (await search(pilot, "khasan kim")).hits]
        assert before and after and app.is_running
        await open_result(pilot, after[0])
        assert not any("failed" in line.lower() for line in app.log_lines)


@pytest.mark.parametrize(
    "bug",
    [re.error("bad escape \\K at position 0"), ValueError("a bug in dossier's query code")],
)
def test_a_bug_in_query_code_is_raised_and_never_rebuilds_the_index(
    corpus: Corpus, root: Path, monkeypatch: pytest.MonkeyPatch, bug: Exception
) -> None:
    """As the ``re.sub`` "bad escape" of 36ba2fc was: a bug in dossier's code is not damage."""
    from dossier.index.search import query

    Snapshot.open(corpus, root)
    bench = Snapshot.open(corpus, root)
    engine = bench.backend.engine

    def broken(*args: object) -> bool:
        raise bug

    monkeypatch.setattr(query, "well_formed", broken)  # the parser's first look at the query
    with pytest.raises(type(bug), match=re.escape(str(bug))):
        bench.search("kim")
    assert (
        bench.backend.engine is engine and not bench.last_sync.rebuilt and not bench.last_sync.notes
    )
