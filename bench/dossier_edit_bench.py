#!/usr/bin/env python3
"""Seconds to bring the index up to date after a dossier edit, and to open a current index (issue
16, 17).

    python bench/dossier_edit_bench.py CORPUS INDEX_ROOT [--name Orostul] [--runs 3]

CORPUS is a folder with ``seeds/`` and ``dossiers/`` (e.g. ``bench/make_corpus.py`` output and a
copy of the project's dossiers). Builds the index if needed, then times: opening with nothing to do,
reading the manifest, and the sync after adding a dossier named ``--name``, after adding an alias to
it, and after removing it. Prints one JSON object. The dossier file it adds is removed again at the
end.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

from dossier.index.corpus.articles import Corpus
from dossier.index.indexing.store import IndexStore


def timed_sync(corpus: Corpus, root: Path) -> dict[str, Any]:
    started = time.perf_counter()
    report = IndexStore(corpus, root).sync()
    return {
        "seconds": round(time.perf_counter() - started, 3),
        "updated": report.updated,
        "relinked": getattr(report, "relinked", None),
        "rebuilt": report.rebuilt,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path)
    parser.add_argument("index_root", type=Path)
    parser.add_argument("--name", default="Orostul")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    corpus = Corpus(args.corpus)
    out: dict[str, Any] = {
        "articles": len(corpus.listing().articles),
        "build": timed_sync(corpus, args.index_root),
    }
    opens = []
    for _ in range(args.runs):
        started = time.perf_counter()
        IndexStore(corpus, args.index_root).sync()
        opens.append(time.perf_counter() - started)
    out["open_nothing_to_do_s"] = round(statistics.median(opens), 3)
    store = IndexStore(corpus, args.index_root)
    reads = []
    for _ in range(args.runs):
        started = time.perf_counter()
        store._read_manifest()
        reads.append(time.perf_counter() - started)
    out["manifest_read_s"] = round(statistics.median(reads), 3)
    path = corpus.dossiers_dir / "organization" / "bench-dossier-edit.yaml"
    try:
        path.write_text(f"type: organization\nname: {args.name}\n", encoding="utf-8")
        out["add_dossier"] = timed_sync(corpus, args.index_root)
        path.write_text(
            f"type: organization\nname: {args.name}\naliases: [Loulsuye]\n", encoding="utf-8"
        )
        out["add_alias"] = timed_sync(corpus, args.index_root)
    finally:
        path.unlink(missing_ok=True)
    out["remove_dossier"] = timed_sync(corpus, args.index_root)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
