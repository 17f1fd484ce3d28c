#!/usr/bin/env python3
"""A build shared with helper processes against a build in one process, on the same corpus in the
same run.

    python bench/parallel_build_bench.py CORPUS_DIR [--runs 3] [--helpers 1] [--queries 3]

Builds CORPUS_DIR's index from scratch ``--runs`` times in one process (``DOSSIER_BUILD_HELPERS=0``,
the reference) and as many times with ``--helpers`` helpers, alternating which goes first, each in a
fresh child process; prints the median and worst build seconds, articles/s, and the peak memory of
the build's processes (the child's own plus its largest helper's). Then searches both indexes (one
segment against one per process) with the query mix of ``bench/scale_bench.py``, alternating, and
prints p50/p95 per index.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("scale_bench", PROJECT / "bench" / "scale_bench.py")
assert _spec is not None and _spec.loader is not None
scale_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scale_bench)


def child_build(corpus_dir: str, index_root: str) -> dict[str, Any]:
    """One build from scratch in this process (helpers as the environment says)."""
    from dossier.index.corpus.articles import Corpus
    from dossier.index.indexing.store import IndexStore

    started = time.perf_counter()
    report = IndexStore(Corpus(Path(corpus_dir)), Path(index_root)).sync(rebuild=True)
    helpers_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "seconds": time.perf_counter() - started,
        "articles": report.added,
        "rss": scale_bench.peak_rss_mb() + helpers_mb,
    }


def build(corpus_dir: Path, index_root: Path, helpers: int) -> dict[str, Any]:
    env = os.environ | {"DOSSIER_BUILD_HELPERS": str(helpers)}
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(corpus_dir), str(index_root)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def query_times(corpus_dir: Path, roots: dict[str, Path], runs: int) -> dict[str, list[float]]:
    """Every query of the mix on each index, the indexes taking turns query by query."""
    from dossier.index.api import Snapshot
    from dossier.index.corpus.articles import Corpus

    benches = {name: Snapshot.open(Corpus(corpus_dir), root) for name, root in roots.items()}
    queries = [q for kind in scale_bench.QUERY_MIX.values() for q in kind]
    times: dict[str, list[float]] = {name: [] for name in benches}
    for bench in benches.values():
        bench.search(queries[0], limit=scale_bench.LIMIT)  # warm
    for _ in range(runs):
        for query in queries:
            for name, bench in benches.items():
                times[name].append(
                    scale_bench.timed(lambda b=bench, q=query: b.search(q, limit=scale_bench.LIMIT))
                    * 1000
                )
    return times


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(child_build(*sys.argv[2:4])))
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--helpers", type=int, default=1)
    parser.add_argument("--queries", type=int, default=3, help="repetitions of the query mix")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dossier-parallel-") as work:
        roots = {
            "one process": Path(work) / "one",
            f"{args.helpers + 1} processes": Path(work) / "shared",
        }
        helpers = {"one process": 0, f"{args.helpers + 1} processes": args.helpers}
        builds: dict[str, list[dict[str, Any]]] = {name: [] for name in roots}
        for run in range(args.runs):
            order = list(roots) if run % 2 == 0 else list(reversed(roots))
            for name in order:
                builds[name].append(build(args.corpus, roots[name], helpers[name]))
        queries = query_times(args.corpus, roots, args.queries)
    reference = statistics.median(b["seconds"] for b in builds["one process"])
    print(
        f"{args.corpus}: {builds['one process'][0]['articles']} articles, {args.runs} builds each, "
        f"{os.cpu_count()} cores\n"
    )
    print(
        "| build | median s | worst s | articles/s (median) | × one process | peak MB | query p50 / p95 ms |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, runs in builds.items():
        seconds = [b["seconds"] for b in runs]
        median = statistics.median(seconds)
        p50, p95 = (scale_bench.percentile(queries[name], p) for p in (50, 95))
        print(
            f"| {name} | {median:.1f} | {max(seconds):.1f} | {runs[0]['articles'] / median:.0f} | "
            f"{reference / median:.2f} | {max(b['rss'] for b in runs):.0f} | {p50:.1f} / {p95:.1f} |"
        )


if __name__ == "__main__":
    main()
