#!/usr/bin/env python3
"""Index build rate, index size and query latency on the synthetic corpus.

    python bench/search_bench.py [--articles 1000 10000] [--workdir /tmp/dossier-bench] [--runs 5]

For each size N it writes N synthetic articles with ``bench/make_corpus.py`` (deterministic; a copy of
``shared/bench/make_corpus.py``) next to the project's dossiers, builds the index from scratch, reopens it
(no-op sync), runs a fixed query mix through the search API (top 10 with snippets, as the app shows) and
times ``dossier search`` from interpreter start to first result. Prints one table per size.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from dossier.index.api import Workbench  # noqa: E402
from dossier.index.corpus import Corpus  # noqa: E402
from dossier.index.store import IndexStore, index_dir  # noqa: E402

QUERY_MIX = {
    "word": ["Putin", "missiles", "Khasan", "economic", "cooperation", "Vostochny"],
    "two words": ["Kim Putin", "energy cooperation", "military assistance", "Primorye region"],
    "phrase": ['"North Korea"', '"ballistic missiles"', '"Vladimir Putin"', '"strategic importance"'],
    "prefix": ["Vost*", "coop*", "strat*", "milit*"],
    "fuzzy": ["Peskow~", "misiles~", "Vladivostk~", "cooperatoin~"],
}


def make_corpus(root: Path, articles: int) -> Corpus:
    seeds = root / "seeds"
    if not seeds.is_dir() or sum(1 for _ in seeds.iterdir()) != articles:
        shutil.rmtree(root, ignore_errors=True)
        subprocess.run([sys.executable, str(PROJECT / "bench" / "make_corpus.py"), str(seeds),
                        "--articles", str(articles), "--seeds-dir", str(PROJECT / "seeds")], check=True)
        shutil.copytree(PROJECT / "dossiers", root / "dossiers")
    return Corpus(root)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def bench_size(articles: int, workdir: Path, runs: int) -> None:
    corpus = make_corpus(workdir / f"corpus-{articles}", articles)
    root = workdir / "index"
    started = time.perf_counter()
    report = IndexStore(corpus, root).sync(rebuild=True)
    build = time.perf_counter() - started
    started = time.perf_counter()
    bench = Workbench.open(corpus, root)
    reopen = time.perf_counter() - started

    print(f"\n## {articles} articles")
    index_mb, corpus_mb = size_mb(index_dir(corpus, root)), size_mb(corpus.seeds_dir)
    print(f"build: {build:.1f} s, {report.added / build:.0f} articles/s; index {index_mb:.0f} MB "
          f"(corpus {corpus_mb:.0f} MB); reopen (no-op sync) {reopen * 1000:.0f} ms")
    print(f"{'query type':<10} {'p50 ms':>8} {'p95 ms':>8} {'hits':>8}")
    everything: list[float] = []
    for kind, queries in QUERY_MIX.items():
        times, totals = [], []
        for _ in range(runs):
            for query in queries:
                t0 = time.perf_counter()
                results = bench.search(query, limit=10)
                times.append((time.perf_counter() - t0) * 1000)
                totals.append(results.total)
        everything += times
        p50, p95 = statistics.median(times), percentile(times, 95)
        print(f"{kind:<10} {p50:8.1f} {p95:8.1f} {statistics.median(totals):8.0f}")
    print(f"{'all':<10} {statistics.median(everything):8.1f} {percentile(everything, 95):8.1f}")

    env = {"DOSSIER_INDEX_ROOT": str(root), "PATH": "/usr/bin:/bin"}
    cold: list[float] = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "dossier.tui.cli", "search", "Khasan", "--json",
                        "--corpus", str(corpus.root)],
                       cwd=PROJECT, env=env, check=True, capture_output=True)
        cold.append(time.perf_counter() - t0)
    print(f"`dossier search` from interpreter start to result: median {statistics.median(cold):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/dossier-bench"))
    parser.add_argument("--runs", type=int, default=5, help="repetitions of the query mix")
    args = parser.parse_args()
    for articles in args.articles:
        bench_size(articles, args.workdir, args.runs)


if __name__ == "__main__":
    main()
