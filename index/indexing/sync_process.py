"""Updating the index in a child process: a build holds the GIL, and a UI must keep drawing meanwhile.

The child (``python -m dossier.index.indexing.sync_process CORPUS [INDEX_ROOT]``) prints one JSON object per line:
``{"progress": [done, total]}`` while it works (``{"waiting": message}`` while another process holds the
index), then ``{"report": {...}}``. No multiprocessing, so it
needs nothing of the parent's file descriptors (a running Textual app has replaced ``sys.stderr``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from dossier.index.corpus.articles import Corpus
from dossier.index.errors import IndexingFailed
from dossier.index.indexing.store import IndexStore
from dossier.index.indexing.sync_report import Notify, Progress, SyncReport


def sync_in_child(
    corpus: Corpus,
    index_root: Path | None,
    progress: Progress | None = None,
    on_wait: Notify | None = None,
) -> SyncReport:
    """Run :meth:`IndexStore.sync` in a child process, relaying its progress and waits; raise if it fails."""
    command = [sys.executable, "-m", "dossier.index.indexing.sync_process", str(corpus.root)]
    if index_root is not None:
        command.append(str(index_root))
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        report = None
        for line in child.stdout:
            try:
                message = json.loads(line)
            except ValueError:
                continue  # not ours (a library printing): the report decides
            if "progress" in message and progress:
                progress(*message["progress"])
            elif "waiting" in message and on_wait:
                on_wait(message["waiting"])
            elif "report" in message:
                report = SyncReport.from_json(message["report"])
        error = child.stderr.read()
    if child.returncode or report is None:
        last = (
            error.strip().splitlines()[-1] if error.strip() else f"exit status {child.returncode}"
        )
        raise IndexingFailed(f"indexing failed: {last}")
    return report


def main(argv: list[str]) -> None:
    corpus = Corpus(Path(argv[0]))
    root = Path(argv[1]) if len(argv) > 1 else None

    def progress(done: int, total: int) -> None:
        print(json.dumps({"progress": [done, total]}), flush=True)

    def waiting(message: str) -> None:
        print(json.dumps({"waiting": message}), flush=True)

    report = IndexStore(corpus, root).sync(progress, on_wait=waiting)
    print(json.dumps({"report": report.to_json()}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
