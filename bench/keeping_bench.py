#!/usr/bin/env python3
"""What keeping the dossiers costs, on the synthetic corpus (issue 12).

python bench/keeping_bench.py [--articles 2000] [--runs 15] [--workdir /tmp/dossier-keeping-bench]

Writes N synthetic articles with ``bench/make_corpus.py`` next to a copy of the project's dossiers,
indexes them once, then measures, each with a reference column from the same run:

- appending a cited claim (``DossierWriter.add_claim``: read, splice, verify with the loader, fsync,
  rename) against a plain ``open(path, "a").write`` (no checks) and a ruamel.yaml round-trip load +
  dump of the file (the obvious way, which also shows how many shipped dossiers such a dump would
  change byte-wise);
- taking a write in: ``Session.reload(in_process=True)`` (what the app does after a cite),
  ``reload()`` in a child process (after an outside edit or a new dossier), against a full rebuild;
- the file watcher: from a write to the batch that reports it (default debounce);
- the unlinked-names list over all N articles: found, and read from where it is kept beside the
  index.

Prints a Markdown table: median and p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from queue import Queue

from ruamel.yaml import YAML

from dossier.index.api import Corpus, Session, Snapshot, keeping, views
from dossier.index.views.unlinked_cache import CACHE_FILE

PROJECT = Path(__file__).resolve().parent.parent
ARTICLE_003 = "003_5a1a26e7ddca32af"
GREETED = (
    "There, Kim was greeted with a red carpet by Natural Resources Minister Alexander Kozlov, "
    "Regional Governor Oleg Kozemayako, honor guards, and a military band."
)


def timed(run: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        out.append((time.perf_counter() - started) * 1000)
    return out


def row(name: str, samples: list[float], note: str = "") -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"| {name} | {statistics.median(samples):.1f} | {p95:.1f} | {len(samples)} | {note} |"


def unlinked_times(
    corpus: Corpus, index_root: Path, found: list[int], drop: bool = True, runs: int = 3
) -> list[float]:
    """Milliseconds to list the unlinked names on a newly opened workbench: found from the articles
    (``drop``: the kept list removed first), or read from where they are kept."""
    out = []
    for _ in range(runs):
        bench = Snapshot.open(corpus, index_root)
        if drop:
            for kept in index_root.glob(f"*/{CACHE_FILE}"):
                kept.unlink()
        started = time.perf_counter()
        found.append(len(views.unlinked_names(bench)))
        out.append((time.perf_counter() - started) * 1000)
    return out


def make_corpus(workdir: Path, articles: int) -> Corpus:
    if workdir.exists():
        shutil.rmtree(workdir)
    seeds = workdir / "seeds"
    subprocess.run(
        [
            sys.executable,
            str(PROJECT / "bench" / "make_corpus.py"),
            str(seeds),
            "--articles",
            str(articles),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    for path in (PROJECT / "seeds").glob("*.txt"):  # the real 003, to cite from
        shutil.copy(path, seeds / path.name)
    shutil.copytree(PROJECT / "dossiers", workdir / "dossiers")
    return Corpus(workdir)


def ruamel_round_trip(path: Path) -> bytes:
    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8"))
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue().encode("utf-8")


def watcher_latency(corpus: Corpus, runs: int) -> list[float]:
    stop, batches = threading.Event(), Queue[float]()

    def follow() -> None:
        for _ in keeping.watch_corpus(corpus, stop):
            batches.put(time.perf_counter())

    thread = threading.Thread(target=follow)
    thread.start()
    time.sleep(0.5)  # let the watch start before the first write
    samples = []
    target = corpus.seeds_dir / "zz_watched.txt"
    for index in range(runs):
        started = time.perf_counter()
        target.write_text(f"Watched\n\nchange {index}\n")
        samples.append((batches.get(timeout=10) - started) * 1000)
    stop.set()
    thread.join()
    target.unlink()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/dossier-keeping-bench"))
    args = parser.parse_args()
    corpus = make_corpus(args.workdir / "corpus", args.articles)
    index_root = args.workdir / "index"
    writer = keeping.DossierWriter(corpus, args.workdir / "state")
    session = Session.open(corpus, index_root)
    target = corpus.dossiers_dir / "person" / "oleg-kozhemyako.yaml"
    claim = keeping.NewClaim("Greeted Kim at the border.", ARTICLE_003, GREETED)

    rows = [
        row(
            "add_claim (splice, verify, fsync, rename)",
            timed(lambda: writer.add_claim("oleg-kozhemyako", claim), args.runs),
        )
    ]

    def append() -> None:
        with target.open("a") as out:
            out.write("# x\n")

    rows.append(row("reference: plain append, no checks", timed(append, args.runs)))
    rows.append(
        row(
            "reference: ruamel.yaml load + dump",
            timed(lambda: ruamel_round_trip(target), args.runs),
        )
    )
    changed = sum(
        ruamel_round_trip(p) != p.read_bytes() for p in (PROJECT / "dossiers").rglob("*.yaml")
    )
    total = len(list((PROJECT / "dossiers").rglob("*.yaml")))

    def write_then(reopen: Callable[[], object]) -> Callable[[], object]:
        def run() -> object:
            target.write_text(target.read_text() + "# touched\n")
            return reopen()

        return run

    rows.append(
        row(
            "take a write in: reload(in_process=True)",
            timed(write_then(lambda: session.reload(in_process=True)), args.runs),
        )
    )
    child_runs = max(3, args.runs // 3)
    rows.append(
        row("take a write in: reload() in a child", timed(write_then(session.reload), child_runs))
    )
    rows.append(
        row(
            "reference: full rebuild",
            timed(lambda: Snapshot.open(corpus, index_root, rebuild=True), 3),
        )
    )
    rows.append(
        row("watcher: write to batch (300 ms debounce)", watcher_latency(corpus, args.runs))
    )
    found: list[int] = []
    rows.append(
        row(
            f"unlinked names over {args.articles + 5} articles, found",
            unlinked_times(corpus, index_root, found),
            f"{found[-1] if found else 0} names",
        )
    )
    rows.append(
        row(
            "unlinked names, kept beside the index (a new workbench)",
            unlinked_times(corpus, index_root, found, drop=False),
            "what U and dossier unlinked wait for",
        )
    )

    print(
        f"{args.articles} synthetic articles + the 5 seeds, {total} dossiers; Python {sys.version.split()[0]}\n"
    )
    print("| operation | median ms | p95 ms | runs | note |\n|---|---|---|---|---|")
    print("\n".join(rows))
    print(
        f"\nA ruamel.yaml round trip (load + dump, default settings) changes the bytes of {changed} of the "
        f"{total} shipped dossiers; the writer's splice changes none outside what it adds."
    )


if __name__ == "__main__":
    main()
