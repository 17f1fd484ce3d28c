"""Real processes against one index: killed writers (SIGKILL at several points of a build and of an
update), two rebuilds at once, a search and the app while a rebuild runs. Always the old or the new
state, never a traceback, never a lock left behind. Slow (each builds a few hundred articles):
marked, and run in CI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.util.filelock import FileLock

from dossier.index.api import Snapshot
from dossier.index.corpus.articles import Corpus
from dossier.index.indexing.child_process import Child
from dossier.index.indexing.store import LOCK_FILE, STALE, WAITING, IndexStore, index_dir
from dossier.index.indexing.sync_process import SyncJob
from dossier.tui.app import DossierApp

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parent.parent
ARTICLES = 150
QUERIES = ("kim", "putin missile", '"vladimir putin"', "vost*", "khasan OR rajin")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """A few hundred synthetic articles (bench/make_corpus.py) and the real dossiers."""
    root = tmp_path_factory.mktemp("synthetic")
    subprocess.run(
        [
            sys.executable,
            str(PROJECT / "bench" / "make_corpus.py"),
            str(root / "seeds"),
            "--articles",
            str(ARTICLES),
        ],
        check=True,
    )
    shutil.copytree(PROJECT / "dossiers", root / "dossiers")
    return Corpus(root)


@pytest.fixture
def corpus(synthetic: Corpus, tmp_path: Path) -> Corpus:
    """A private copy a test may change."""
    shutil.copytree(synthetic.root, tmp_path / "corpus")
    return Corpus(tmp_path / "corpus")


def answers(bench: Snapshot) -> dict[str, set[str]]:
    """Every hit of a few queries (as sets: after incremental updates, BM25 statistics still count
    deleted documents until segments merge, so the order may differ from a fresh build's; what is
    found may not)."""
    return {q: {h.id for h in bench.search(q, limit=1000).hits} for q in QUERIES}


def reference(corpus: Corpus, tmp_path: Path) -> dict[str, set[str]]:
    """What a clean build of the corpus as it is now answers."""
    return answers(Snapshot.open(corpus, tmp_path / f"reference-{time.monotonic_ns()}"))


def child(corpus: Corpus, root: Path) -> Child:
    """The indexing child the app runs, telling of each indexed file."""
    return Child(SyncJob(str(corpus.root), str(root)))


def kill_after(process: Child, lines: int) -> None:
    """SIGKILL ``process`` once it has told of ``lines`` indexed files (or when it ends, if
    sooner)."""
    for _ in zip(range(lines), process.messages(), strict=False):
        pass
    process.stop()  # SIGKILL


def lock_is_free(corpus: Corpus, root: Path) -> bool:
    if not (index_dir(corpus, root) / LOCK_FILE).exists():
        return True
    lock = FileLock(str(index_dir(corpus, root) / LOCK_FILE))
    if lock.acquire(blocking=False):
        lock.release()
        return True
    return False


@pytest.mark.parametrize("lines", [1, ARTICLES // 2, ARTICLES])
def test_killed_first_build_then_search(corpus: Corpus, tmp_path: Path, lines: int) -> None:
    root = tmp_path / "ix"
    kill_after(child(corpus, root), lines)
    assert lock_is_free(corpus, root)  # the OS dropped the killed writer's lock
    bench = Snapshot.open(corpus, root)  # no traceback: the half-built index is rebuilt
    assert bench.last_sync.rebuilt
    assert answers(bench) == reference(corpus, tmp_path)


@pytest.mark.parametrize("lines", [1, 10, 20])
def test_killed_update_then_search_gives_old_or_new_state(
    corpus: Corpus, tmp_path: Path, lines: int
) -> None:
    root = tmp_path / "ix"
    old = answers(Snapshot.open(corpus, root))
    seeds = sorted(corpus.seeds_dir.iterdir())
    edit_corpus(corpus)
    new = reference(corpus, tmp_path)
    assert old != new
    old_ids = {p.stem for p in seeds}
    new_ids = {p.stem for p in corpus.seeds_dir.iterdir()}
    kill_after(child(corpus, root), lines)
    assert lock_is_free(corpus, root)
    assert committed_article_ids(corpus, root) in (old_ids, new_ids)  # one commit: never a mix
    assert answers(Snapshot.open(corpus, root)) == new  # the next run completes the update


def committed_article_ids(corpus: Corpus, root: Path) -> set[str]:
    """The articles in the index's last commit, read with Whoosh alone (no manifest, no lock)."""
    index = whoosh_index.open_dir(str(index_dir(corpus, root)))
    with index.searcher() as searcher:
        return {hit["id"] for hit in searcher.search(wq.Term("kind", "article"), limit=None)}


def test_killed_between_commit_and_manifest(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "ix"
    Snapshot.open(corpus, root)
    path = sorted(corpus.seeds_dir.iterdir())[0]
    path.write_text(path.read_text(encoding="utf-8") + "\nZeppelinquartz.\n", encoding="utf-8")

    def die(self: IndexStore, manifest: object) -> None:
        raise SystemExit("killed")

    with monkeypatch.context() as patch:
        patch.setattr(IndexStore, "_write_manifest", die)
        with pytest.raises(SystemExit):
            Snapshot.open(corpus, root)
    bench = Snapshot.open(corpus, root)
    assert [h.id for h in bench.search("zeppelinquartz").hits] == [path.stem]
    assert answers(bench) == reference(corpus, tmp_path)


def cli(*argv: str, root: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "DOSSIER_INDEX_ROOT": str(root)}
    return subprocess.Popen(
        [sys.executable, "-m", "dossier.tui.cli", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def wait_for_lock(corpus: Corpus, root: Path, process: subprocess.Popen[str]) -> None:
    """Until ``process`` holds the index's writer lock."""
    deadline = time.monotonic() + 30
    while lock_is_free(corpus, root):
        assert process.poll() is None and time.monotonic() < deadline, (
            "the writer never took the lock"
        )
        time.sleep(0.01)


def test_two_rebuilds_at_once(corpus: Corpus, tmp_path: Path) -> None:
    root = tmp_path / "ix"
    Snapshot.open(corpus, root)
    first = cli("index", "--rebuild", "--corpus", str(corpus.root), root=root)
    wait_for_lock(corpus, root, first)
    second = cli("index", "--rebuild", "--corpus", str(corpus.root), root=root)
    outs = [process.communicate(timeout=300) for process in (first, second)]
    assert [process.returncode for process in (first, second)] == [0, 0]
    assert all(out.startswith("index rebuilt: ") for out, _ in outs)
    assert f"dossier: {WAITING}" in outs[1][1] and "Traceback" not in outs[0][1] + outs[1][1]
    assert answers(Snapshot.open(corpus, root)) == reference(corpus, tmp_path)


def edit_corpus(corpus: Corpus) -> None:
    """Ten articles changed, five gone, five new: an update with work to do."""
    seeds = sorted(corpus.seeds_dir.iterdir())
    for path in seeds[:10]:
        path.write_text(
            path.read_text(encoding="utf-8") + "\nKim visited Khasan again.\n", encoding="utf-8"
        )
    for path in seeds[10:15]:
        path.unlink()
    for n in range(5):
        (corpus.seeds_dir / f"late_{n}.txt").write_text(
            f"Late {n}\n\nPutin and Kim at Rajin, note {n}.\n"
        )


@pytest.mark.parametrize("killed", ["build", "update"])
def test_three_index_runs_at_once_after_a_killed_writer_all_succeed(
    corpus: Corpus, tmp_path: Path, killed: str
) -> None:
    """Issue 17: one of three runs used to exit 1 with "another dossier process is rebuilding the
    index … try again in a moment" (a writer's commit merged away the segments the manifest listed
    while a reader looked). Each run now waits its turn, saying so at most once, or reads a complete
    index."""
    root = tmp_path / "ix"
    if killed == "update":
        Snapshot.open(corpus, root)
        edit_corpus(corpus)
    kill_after(child(corpus, root), 5)
    runs = [cli("index", "--corpus", str(corpus.root), root=root) for _ in range(3)]
    outs = [process.communicate(timeout=300) for process in runs]
    assert [process.returncode for process in runs] == [0, 0, 0], [err for _, err in outs]
    assert all(out.startswith("index ") for out, _ in outs)
    assert all("Traceback" not in err and err.count(WAITING) <= 1 for _, err in outs)
    assert lock_is_free(corpus, root)
    assert answers(Snapshot.open(corpus, root)) == reference(corpus, tmp_path)


def test_search_during_a_rebuild_reads_the_last_committed_state(
    corpus: Corpus, tmp_path: Path
) -> None:
    root = tmp_path / "ix"
    Snapshot.open(corpus, root)
    (corpus.seeds_dir / "new.txt").write_text("Zeppelinquartz\n\nA zeppelinquartz report.\n")
    rebuild = cli("index", "--rebuild", "--corpus", str(corpus.root), root=root)
    wait_for_lock(corpus, root, rebuild)
    started = time.monotonic()
    search = cli("search", "kim", "--corpus", str(corpus.root), root=root)
    out, err = search.communicate(timeout=60)
    assert search.returncode == 0 and time.monotonic() - started < 30
    assert "results" in out and f"warning: {STALE}" in err and "Traceback" not in err
    assert rebuild.wait(timeout=300) == 0
    assert [h.id for h in Snapshot.open(corpus, root).search("zeppelinquartz").hits] == ["new"]


async def _settle(pilot: Pilot[object]) -> None:
    for _ in range(2):
        with suppress(WorkerCancelled, WorkerFailed):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def test_app_opened_during_a_first_build_recovers_by_itself(
    corpus: Corpus, tmp_path: Path
) -> None:
    root = tmp_path / "ix"
    build = cli("index", "--corpus", str(corpus.root), root=root)
    wait_for_lock(corpus, root, build)
    app = DossierApp(corpus=corpus, index_root=root)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        assert app.ready and app.current is not None
        assert app.current.search("kim").total > 0
        assert not any("failed" in line.lower() for line in app.log_lines)
    assert build.wait(timeout=300) == 0
