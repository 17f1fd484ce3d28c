"""Updating the index in a child process: a build holds the GIL, and a UI must keep drawing
meanwhile.

The child runs a :class:`SyncJob` (see :mod:`~dossier.index.indexing.child_process` for the
protocol): it reports progress while it works, a wait while another process holds the index, then
its :class:`~dossier.index.indexing.sync_report.SyncReport`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dossier.index.corpus.articles import Corpus
from dossier.index.indexing.child_process import Child, Replies, Step
from dossier.index.indexing.store import IndexStore
from dossier.index.indexing.sync_report import Notify, Progress, SyncReport


@dataclass(frozen=True)
class SyncJob:
    """Bring the index of the corpus at ``corpus_root`` up to date (in ``index_root``, else the
    default)."""

    corpus_root: str
    index_root: str | None = None

    def run(self, replies: Replies) -> SyncReport:
        root = Path(self.index_root) if self.index_root is not None else None
        store = IndexStore(Corpus(Path(self.corpus_root)), root)
        return store.sync(replies.progress, on_wait=replies.waiting)


def sync_in_child(
    corpus: Corpus,
    index_root: Path | None,
    progress: Progress | None = None,
    on_wait: Notify | None = None,
) -> SyncReport:
    """Run :meth:`IndexStore.sync` in a child process, relaying its progress and waits; raise
    :class:`~dossier.index.errors.IndexingFailed` (its stderr's last line) if it fails."""
    index = str(index_root) if index_root is not None else None
    child = Child(SyncJob(str(corpus.root), index))
    try:
        for message in child.messages():
            if isinstance(message, Step):
                if progress:
                    progress(message.done, message.total)
            elif on_wait:
                on_wait(message.message)
        report: SyncReport = child.result()
        return report
    finally:
        child.stop()
