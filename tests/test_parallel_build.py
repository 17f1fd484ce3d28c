"""A big build shared with helper processes gives the very index a build in one process gives, and
never fails for a helper."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from whoosh.reading import IndexReader, MultiReader

from dossier.index.api import Corpus, Snapshot
from dossier.index.indexing import article_feed, build_helpers, child_process
from dossier.index.indexing.build_helpers import HELPERS_ENV, helper_count, split
from dossier.index.indexing.manifest import INDEX_FILE
from dossier.index.indexing.store import MANIFEST
from dossier.index.search.whoosh_raw import fast_terms_within

PROJECT = Path(__file__).resolve().parent.parent
QUERIES = [
    "Putin",
    "missiles",
    "North Korea",
    '"ballistic missiles"',
    "Vost*",
    "Peskow~",
    "Kozhemyako port",
    "entity:kim-jong-un missiles",
    "cooperatoin",
    "*",
    "Wenger",
    "date:2023",
]
MAILBOX = """\
From alice@example.org Mon Sep 11 09:00:00 2023
From: Alice <alice@example.org>
Subject: Train to Vladivostok
Date: Mon, 11 Sep 2023 09:00:00 +0000

The armoured train crossed into Russia at Khasan.

From bob@example.org Tue Sep 12 10:00:00 2023
From: Bob <bob@example.org>
Subject: Talks at Vostochny
Date: Tue, 12 Sep 2023 10:00:00 +0000

Kim Jong Un and Vladimir Putin met at the Vostochny cosmodrome.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The real seeds and dossiers, 80 synthetic articles in a nested folder, a copy of a seed (a
    duplicate), a mailbox of two messages, an empty file and a file of a kind not read."""
    root = tmp_path_factory.mktemp("parallel")
    shutil.copytree(PROJECT / "seeds", root / "seeds")
    shutil.copytree(PROJECT / "dossiers", root / "dossiers")
    subprocess.run(
        [
            sys.executable,
            str(PROJECT / "bench" / "make_corpus.py"),
            str(root / "seeds" / "wire"),
            "--articles",
            "80",
            "--seeds-dir",
            str(PROJECT / "seeds"),
        ],
        check=True,
        capture_output=True,
    )
    first = sorted((PROJECT / "seeds").glob("*.txt"))[0]
    (root / "seeds" / "wire" / "copy.txt").write_bytes(first.read_bytes())
    (root / "seeds" / "mail").mkdir()
    (root / "seeds" / "mail" / "list.mbox").write_text(MAILBOX, encoding="utf-8")
    (root / "seeds" / "wire" / "empty.txt").write_bytes(b"")
    (root / "seeds" / "wire" / "table.xlsx").write_bytes(b"PK\x03\x04")
    return Corpus(root)


def _build(
    corpus: Corpus, root: Path, helpers: int, monkeypatch: pytest.MonkeyPatch, rebuild: bool = False
) -> tuple[Snapshot, list[tuple[int, int]]]:
    monkeypatch.setattr(build_helpers, "PARALLEL_FROM", 10)
    monkeypatch.setenv(HELPERS_ENV, str(helpers))
    seen: list[tuple[int, int]] = []
    bench = Snapshot.open(
        corpus, root, progress=lambda done, total: seen.append((done, total)), rebuild=rebuild
    )
    return bench, seen


def _segments(bench: Snapshot) -> int:
    index = bench.backend._store.index
    assert index is not None
    with index.reader() as reader:
        return len(list(reader.leaf_readers()))


def _answers(bench: Snapshot, ties_in_any_order: bool = False) -> list[Any]:
    found = []
    for query in QUERIES:
        results = bench.search(query, limit=30)
        hits = [(hit.id, hit.score, hit.duplicates) for hit in results.hits]
        if (
            ties_in_any_order
        ):  # the same scores, in order, and the same hits for each (cut off at the last)
            hits = [
                (score, sorted(h for h in hits if h[1] == score and score != hits[-1][1]))
                for score in dict.fromkeys(h[1] for h in hits)
            ]
        found.append((query, results.total, hits))
    return found


def _stored(bench: Snapshot) -> list[dict[str, Any]]:
    index = bench.backend._store.index
    assert index is not None
    with index.searcher() as searcher:
        return [
            dict(fields)
            for fields in searcher.all_stored_fields()
            if fields.get("kind") != "vocabulary"
        ]


def _manifest_articles(root: Path) -> dict[str, Any]:
    [folder] = [p for p in root.iterdir() if p.is_dir()]
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["articles"]


@pytest.fixture(scope="module")
def alone(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> tuple[Snapshot, Path]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        root = tmp_path_factory.mktemp("alone")
        bench, _ = _build(corpus, root, 0, monkeypatch)
    return bench, root


@pytest.mark.parametrize("helpers", [1, 2])
def test_a_build_shared_with_helpers_is_the_build_of_one_process(
    corpus: Corpus,
    alone: tuple[Snapshot, Path],
    helpers: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    single, single_root = alone
    shared, seen = _build(corpus, tmp_path, helpers, monkeypatch)
    assert (_segments(single), _segments(shared)) == (1, helpers + 1)
    assert _answers(shared) == _answers(single)  # same hits, same scores, same copies
    assert _stored(shared) == _stored(single)  # every document, in the same order
    assert _manifest_articles(tmp_path) == _manifest_articles(
        single_root
    )  # ids, problems, skipped files
    assert [str(p) for p in shared.last_sync.problems] == [
        str(p) for p in single.last_sync.problems
    ]
    report = shared.last_sync
    assert (report.added, report.skipped, report.rebuilt) == (single.last_sync.added, 1, True)
    assert seen[-1] == (report.added + report.skipped, report.added + report.skipped)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert shared.search("Vostochny cosmodrome talks").hits[0].id == "mail/list/2"


def test_an_index_built_in_shares_is_then_updated_file_by_file(
    corpus: Corpus,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    own = Corpus(tmp_path / "corpus")
    shutil.copytree(corpus.root, own.root)
    _build(own, tmp_path / "ix", 1, monkeypatch)
    synthetic = sorted((own.seeds_dir / "wire").glob("synth_*.txt"))
    synthetic[0].write_text(
        "Zanzibarite ferries\n\nA ferry of Zanzibarite make docked.\n", encoding="utf-8"
    )
    synthetic[1].unlink()  # in the helper's segment, like the first
    (own.seeds_dir / "wire" / "new.txt").write_text(
        "Quokkaville\n\nQuokkaville opened a port.\n", encoding="utf-8"
    )
    bench, _ = _build(own, tmp_path / "ix", 1, monkeypatch)
    report = bench.last_sync
    assert (report.added, report.updated, report.removed, report.rebuilt) == (1, 1, 1, False)
    assert [hit.id for hit in bench.search("Zanzibarite").hits] == [f"wire/{synthetic[0].stem}"]
    assert [hit.id for hit in bench.search("Quokkaville").hits] == ["wire/new"]
    assert f"wire/{synthetic[1].stem}" not in {hit.id for hit in bench.search("*", limit=500).hits}
    assert f"wire/{synthetic[2].stem}" in {hit.id for hit in bench.search("*", limit=500).hits}


@pytest.mark.parametrize(
    "command",
    [
        ("/nonexistent/python",),  # cannot start
        (sys.executable, "-c", "import sys; sys.exit(3)"),  # dies at once
        (
            sys.executable,
            "-c",
            # says nonsense on the pipe its messages go to
            "import os, sys; sys.stdin.buffer.read(); os.write(int(sys.argv[1]), b'nonsense')",
        ),
    ],
)
def test_a_helper_that_fails_leaves_its_share_to_the_build(
    corpus: Corpus,
    alone: tuple[Snapshot, Path],
    command: tuple[str, ...],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(child_process, "command", lambda: list(command))
    bench, seen = _build(corpus, tmp_path, 1, monkeypatch)
    report = bench.last_sync
    [note] = [note for note in report.notes if "helper" in note]
    assert note.startswith("a helper process failed (") and note.endswith(
        " files were indexed by this one"
    )
    assert any(
        why in note
        for why in ("could not start: No such file", "exit status 3", "ended without a result")
    )
    assert _segments(bench) == 1
    # The failed share is indexed after this process's own: equal scores may come in another order.
    assert _answers(bench, ties_in_any_order=True) == _answers(alone[0], ties_in_any_order=True)
    assert seen[-1][0] == seen[-1][1]


def test_a_failed_rebuild_stops_its_helpers_and_keeps_the_index(
    corpus: Corpus,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bench, _ = _build(corpus, tmp_path, 1, monkeypatch)
    before = _answers(bench)
    started: list[build_helpers.Helper] = []
    start = build_helpers.Helper.__init__

    def recorded(helper: build_helpers.Helper, *args: Any) -> None:
        start(helper, *args)
        started.append(helper)

    def broken(feed: article_feed.ArticleFeed, path: Path, doc_id: str, before: set[str]) -> Any:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(build_helpers.Helper, "__init__", recorded)
    monkeypatch.setattr(
        article_feed.ArticleFeed, "add", broken
    )  # in this process only: the helper is fine
    with pytest.raises(RuntimeError, match="disk on fire"):
        _build(corpus, tmp_path, 1, monkeypatch, rebuild=True)
    assert [helper._child._process.poll() is not None for helper in started] == [True]
    monkeypatch.undo()
    again = Snapshot.open(corpus, tmp_path)
    assert again.last_sync.rebuilt is False
    assert _answers(again) == before


def test_how_many_helpers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(HELPERS_ENV, "2")
    assert (
        helper_count(build_helpers.PARALLEL_FROM - 1),
        helper_count(build_helpers.PARALLEL_FROM),
    ) == (0, 2)
    monkeypatch.setenv(HELPERS_ENV, "64")
    assert helper_count(10**6) == build_helpers.MAX_HELPERS
    monkeypatch.setenv(HELPERS_ENV, "lots")  # not a number: the default
    monkeypatch.setattr(build_helpers.os, "sched_getaffinity", lambda _: {0}, raising=False)
    assert helper_count(10**6) == 0  # one core: no helper


def test_shares_are_runs_of_files_of_about_the_same_size(tmp_path: Path) -> None:
    sizes = [100, 100, 100, 100, 400, 100, 100, 0]  # the last one empty
    files = [
        (tmp_path / name, name, None) for name in [*(f"{n}.txt" for n in range(7)), "gone.txt"]
    ]
    parts = split(files, sizes, 2)
    assert [[name for _, name, _ in part] for part in parts] == [
        ["0.txt", "1.txt", "2.txt", "3.txt"],
        ["4.txt", "5.txt", "6.txt", "gone.txt"],
    ]


def test_fuzzy_words_on_several_segments_are_whooshs_own(
    corpus: Corpus,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The search reads each segment's automaton (and remembers the answer for the search) where
    Whoosh's ``MultiReader`` measures the distance to every word: the same words either way."""
    bench, _ = _build(corpus, tmp_path, 2, monkeypatch)
    reader = bench.backend.engine._searcher.reader()
    assert isinstance(reader, MultiReader) and len(list(reader.leaf_readers())) == 3
    asked = [
        ("body", "peskow", 1, 1),
        ("body", "misiles", 2, 1),
        ("words", "vladivostk", 2, 0),
        ("title", "qq", 1, 0),
    ]
    for fieldname, word, distance, prefix in asked:
        whooshs = sorted(IndexReader.terms_within(reader, fieldname, word, distance, prefix=prefix))
        assert sorted(reader.terms_within(fieldname, word, distance, prefix=prefix)) == whooshs
        assert (
            sorted(reader.terms_within(fieldname, word, distance, prefix)) == whooshs
        )  # remembered
    assert "peskov" in IndexReader.terms_within(reader, "body", "peskow", 1, prefix=1)
    remembering = [leaf.terms_within for leaf, _ in reader.leaf_readers()]
    fast_terms_within(reader)  # as for a refreshed reader, which reuses the segments' readers
    assert [
        leaf.terms_within for leaf, _ in reader.leaf_readers()
    ] == remembering  # not wrapped twice
    assert bench.search("Peskow~").total == bench.search("Peskow~").total > 0


HOLDER = """
import sys, time
from pathlib import Path
from dossier.index.corpus.articles import Corpus
from dossier.index.indexing import article_feed, build_helpers
from dossier.index.indexing.store import IndexStore

build_helpers.PARALLEL_FROM = 10
add = article_feed.ArticleFeed.add
def slow(feed, *args):  # this process only: its helper indexes at full speed
    time.sleep(0.2)
    return add(feed, *args)
article_feed.ArticleFeed.add = slow
store = IndexStore(Corpus(Path(sys.argv[1])), Path(sys.argv[2]))
store.sync(rebuild=True, progress=lambda done, total: print(done, flush=True))
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_a_killed_holder_takes_its_helpers_with_it(
    corpus: Corpus,
    alone: tuple[Snapshot, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Its helper ends at its next write (the pipe to the holder is gone); the next sync rebuilds,
    and no file the helper wrote is left in the index folder."""
    monkeypatch.setenv(HELPERS_ENV, "1")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(corpus.root), str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    holder.stdout.readline()  # a file indexed: its helper is running
    [helper] = [
        int(p.name)
        for p in Path("/proc").iterdir()
        if p.name.isdigit() and _stat(p)[1] == holder.pid
    ]
    holder.kill()
    holder.wait()
    deadline = time.monotonic() + 15
    while _stat(Path(f"/proc/{helper}"))[0] not in ("", "Z") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _stat(Path(f"/proc/{helper}"))[0] in ("", "Z")  # gone (or a zombie no one reaped)
    bench = Snapshot.open(corpus, tmp_path)
    assert bench.last_sync.rebuilt
    assert _answers(bench) == _answers(alone[0])
    [folder] = [p for p in tmp_path.iterdir() if p.is_dir()]
    listed = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert sorted(p.name for p in folder.iterdir() if INDEX_FILE.match(p.name)) == sorted(listed)


def _stat(proc: Path) -> tuple[str, int]:
    """A process's state and parent pid ("", 0 once it is gone)."""
    try:
        fields = (proc / "stat").read_text().rpartition(")")[2].split()
    except OSError:
        return "", 0
    return fields[0], int(fields[1])
