#!/usr/bin/env python3
"""What duplicate detection costs a build, and what it finds.

    python bench/duplicates_bench.py CORPUS_DIR [--runs 2] [--groups-of BBC_CORPUS_DIR]

Builds CORPUS_DIR's index from scratch ``--runs`` times with duplicate detection and as many times
without it (its two steps, sketching each article and saving the sketches and groups, replaced by
no-ops), alternating, in child processes, and prints the median build times and the time the two
steps took inside the builds with it. With ``--groups-of``, indexes that corpus and prints how many
groups of copies it has (exact, near, sizes).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def child_build(corpus_dir: str, index_root: str, detect: bool) -> dict[str, Any]:
    """One build from scratch; with ``detect``, the seconds spent in the duplicate steps too."""
    from dossier.index.corpus.articles import Corpus
    from dossier.index.indexing import article_feed, duplicates, store
    from dossier.index.indexing.build_helpers import HELPERS_ENV

    os.environ[HELPERS_ENV] = (
        "0"  # one process: the steps are timed here, and a helper would not be patched
    )

    spent = {"sketch": 0.0, "save": 0.0}

    def timed(name: str, function: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - started

        return run

    if detect:
        article_feed.sketch = timed("sketch", duplicates.sketch)
        duplicates.Sketches.save_for = timed("save", duplicates.Sketches.save_for)
    else:
        article_feed.sketch = lambda text, words: ("", b"")
        duplicates.Sketches.save_for = lambda self, folder, indexed, body_of: []
    started = time.perf_counter()
    report = store.IndexStore(Corpus(Path(corpus_dir)), Path(index_root)).sync(rebuild=True)
    return {"seconds": time.perf_counter() - started, "articles": report.added, **spent}


def child(corpus_dir: Path, detect: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="dossier-dupes-") as root:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(corpus_dir), root, "1" if detect else "0"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    return json.loads(out)


def groups_of(corpus_dir: Path) -> dict[str, Any]:
    from dossier.index.api import Snapshot
    from dossier.index.corpus.articles import Corpus
    from dossier.index.indexing.duplicates import Sketches, load_groups

    with tempfile.TemporaryDirectory(prefix="dossier-dupes-") as root:
        bench = Snapshot.open(Corpus(corpus_dir), Path(root))
        folder = bench.backend._store.path
        sketches = Sketches.load(folder)
        groups = {tuple(g) for g in load_groups(folder).values()}
    exact = sum(len({sketches.entries[i][0] for i in g}) == 1 for g in groups)
    sizes: dict[int, int] = {}
    for group in groups:
        sizes[len(group)] = sizes.get(len(group), 0) + 1
    return {
        "articles": len(sketches.entries),
        "groups": len(groups),
        "exact_only": exact,
        "with_near_copies": len(groups) - exact,
        "articles_in_groups": sum(map(len, groups)),
        "sizes": dict(sorted(sizes.items())),
    }


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(child_build(sys.argv[2], sys.argv[3], sys.argv[4] == "1")))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--groups-of", type=Path, metavar="DIR")
    args = parser.parse_args()
    runs: dict[bool, list[dict[str, Any]]] = {True: [], False: []}
    for _ in range(args.runs):
        for detect in (False, True):
            runs[detect].append(child(args.corpus, detect))
    without = statistics.median(r["seconds"] for r in runs[False])
    with_ = statistics.median(r["seconds"] for r in runs[True])
    steps = statistics.median(r["sketch"] + r["save"] for r in runs[True])
    print(f"articles: {runs[True][0]['articles']}, runs: {args.runs} each")
    print(
        f"build without duplicate detection: {without:.1f} s (runs: {[round(r['seconds'], 1) for r in runs[False]]})"
    )
    print(
        f"build with duplicate detection:    {with_:.1f} s (runs: {[round(r['seconds'], 1) for r in runs[True]]})"
    )
    print(f"difference of medians: {with_ - without:+.1f} s ({(with_ - without) / without:+.1%})")
    sketching = statistics.median(r["sketch"] for r in runs[True])
    saving = statistics.median(r["save"] for r in runs[True])
    print(
        f"time in the duplicate steps: {steps:.2f} s ({steps / with_:.1%} of the build): sketching "
        f"{sketching:.2f} s, saving sketches and groups {saving:.2f} s"
    )
    if args.groups_of:
        print(f"groups in {args.groups_of}: {json.dumps(groups_of(args.groups_of))}")


if __name__ == "__main__":
    main()
