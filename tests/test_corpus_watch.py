"""The corpus watcher reports articles and dossiers that change, and nothing else."""

from __future__ import annotations

import threading
from pathlib import Path
from queue import Empty, Queue

from dossier.index.corpus.watch import is_corpus_file, watch_corpus


def test_which_files_count() -> None:
    assert is_corpus_file(Path("seeds/005_new.txt")) and is_corpus_file(
        Path("dossiers/place/iran.YAML")
    )
    assert not is_corpus_file(Path("dossiers/place/.iran.yaml.x1y2.tmp"))
    assert not is_corpus_file(Path("dossiers/place/.iran.yaml")) and not is_corpus_file(
        Path("seeds/x.txt.swp")
    )
    assert not is_corpus_file(Path("seeds/4913")) and not is_corpus_file(
        Path("dossiers/place/iran.yaml~")
    )


def test_batches_of_changes_until_stopped(tmp_path: Path, copy_corpus, run) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    stop = threading.Event()
    batches: Queue[set[Path]] = Queue()
    ready = threading.Event()

    def run() -> None:
        ready.set()
        for batch in watch_corpus(corpus, stop, debounce_ms=50):
            batches.put(batch)

    thread = threading.Thread(target=run)
    thread.start()
    ready.wait()
    try:
        article = corpus.seeds_dir / "005_new.txt"
        dossier = corpus.dossiers_dir / "place" / "iran.yaml"
        seen: set[Path] = set()
        for attempt in range(
            100
        ):  # the watch starts a moment after the thread: write until it is seen
            article.write_text(f"Iran\n\nA new article ({attempt}).\n")
            (corpus.dossiers_dir / "place" / ".iran.yaml.tmp").write_text("type: place\n")
            dossier.write_text("type: place\nname: Iran\n")
            (corpus.root / "notes.txt").write_text("outside seeds/ and dossiers/")
            try:
                seen |= batches.get(timeout=0.2)
            except Empty:
                continue
            if {article, dossier} <= seen:
                break
        assert seen == {article, dossier}
    finally:
        stop.set()
        thread.join(timeout=5)
    assert not thread.is_alive()
