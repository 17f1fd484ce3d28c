"""Watching a corpus for files added, changed or removed, with watchfiles (inotify, FSEvents…; no
polling).

Only ``seeds/`` and ``dossiers/`` are watched, never the folder around them (a source checkout holds
a virtualenv and ``.git``), and only the files the corpus reads: articles and dossiers, not the
hidden temporary files a write makes beside them or an editor's swap and backup files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import watchfiles

from dossier.index.corpus.articles import ARTICLE_SUFFIXES, DOSSIER_SUFFIXES, Corpus

#: How long a burst of changes is gathered into one batch (an editor's save is several events).
DEBOUNCE_MS = 300
_SUFFIXES = ARTICLE_SUFFIXES + DOSSIER_SUFFIXES


def is_corpus_file(path: Path) -> bool:
    """Whether ``path`` names a file the corpus reads (an article of any kind read, or a dossier;
    not hidden)."""
    return path.name.lower().endswith(_SUFFIXES) and not path.name.startswith(".")


class StopSignal(Protocol):
    """What stops a watch: a :class:`threading.Event`, or anything with ``is_set()``."""

    def is_set(self) -> bool: ...


def watch_corpus(
    corpus: Corpus, stop: StopSignal, debounce_ms: int = DEBOUNCE_MS
) -> Iterator[set[Path]]:
    """Batches of corpus files that changed, until ``stop`` is set (checked every 50 ms).

    Blocks between batches: run it in a thread. Folders missing when it starts are not watched.
    """
    folders = [folder for folder in (corpus.seeds_dir, corpus.dossiers_dir) if folder.is_dir()]
    if not folders:
        return
    for changes in watchfiles.watch(
        *folders,
        watch_filter=lambda _, path: is_corpus_file(Path(path)),
        debounce=debounce_ms,
        stop_event=stop,
        raise_interrupt=False,
        rust_timeout=0,
    ):
        yield {Path(path) for _, path in changes}
