"""Index real corpora and run fixed searches on them; print a Markdown report.

python bench/real_corpora.py /work/corpora/bbc /work/corpora/html ... [--index-root DIR] [--sample
10]

Each DIR is a corpus (``DIR/seeds``, ``DIR/dossiers``). For each it prints the files found under
``seeds/`` per suffix; how many were indexed, skipped (with a problem) and not read at all; the
problems grouped by reason; the build time and rate (a full rebuild into a fresh index folder: a
temporary one unless ``--index-root`` is given, never the user cache); and, for the corpora named by
``--queries-on`` (default ``bbc``), the hit count and top three titles of each query. A crash is
shown in the report, not raised. Only ``dossier.index.api`` is used, so the same script gives
"before" and "after" figures.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dossier.index.api import Corpus, Snapshot

QUERIES = (
    "Arsene",
    "e-mail",
    "email",
    "energy deal",
    "Mutu transfer fee",
    "euro dollar exchange rate",
    "the",
    "(((",
    "Putinn",
)


@dataclass
class Build:
    """What one rebuild of a corpus's index found and did."""

    found: Counter[str]
    indexed: int
    skipped: int
    reasons: Counter[str]
    seconds: float
    bench: Snapshot


def suffix_counts(seeds: Path) -> Counter[str]:
    """Files under ``seeds`` by lower-cased suffix (``(none)`` for files without one)."""
    return Counter(p.suffix.lower() or "(none)" for p in seeds.rglob("*") if p.is_file())


def reason(message: str) -> str:
    """A problem message with its particulars (quoted names, numbers, paths in parentheses) left
    out, so that the same fault in many files counts as one reason."""
    message = re.sub(r"\(also [^)]*\)", "(also …)", message)
    message = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", message)
    return re.sub(r"(?<![\w-])\d+(?:\.\d+)?", "N", message)


def build(root: Path, index_root: Path) -> Build:
    """Rebuild ``root``'s index under ``index_root``, timed."""
    found = suffix_counts(root / "seeds")
    start = time.perf_counter()
    bench = Snapshot.open(Corpus(root.resolve()), index_root=index_root, rebuild=True)
    seconds = time.perf_counter() - start
    reasons = Counter(reason(p.message) for p in bench.problems)
    reasons.update(f"note: {reason(note)}" for note in bench.last_sync.notes)
    indexed = bench.last_sync.added + bench.last_sync.updated
    return Build(found, indexed, bench.last_sync.skipped, reasons, seconds, bench)


def cell(text: str) -> str:
    """``text`` safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ").strip()


def build_table(name: str, result: Build) -> list[str]:
    total = sum(result.found.values())
    found = ", ".join(f"{n} {s}" for s, n in result.found.most_common())
    rate = result.indexed / result.seconds if result.seconds else 0.0
    problems = sum(n for reason, n in result.reasons.items() if not reason.startswith("note: "))
    unread = total - result.indexed - result.skipped
    lines = [
        f"## {name}",
        "",
        "| found in seeds/ | indexed | skipped | not read | problems | build s | articles/s |",
        "|---|---|---|---|---|---|---|",
        f"| {total} ({found}) | {result.indexed} | {result.skipped} | {unread} | {problems} "
        f"| {result.seconds:.2f} | {rate:.0f} |",
        "",
    ]
    if result.reasons:
        lines += ["| count | problem (grouped) |", "|---|---|"]
        lines += [f"| {n} | {cell(r)} |" for r, n in result.reasons.most_common()]
        lines.append("")
    return lines


def sample_table(bench: Snapshot, count: int) -> list[str]:
    """``count`` indexed articles spread evenly over the listing: id, title, date, path, for
    checking by hand."""
    listing = [hit for hit in bench.browse() if hit.kind == "article"]
    if not listing or count <= 0:
        return []
    step = max(1, len(listing) // count)
    lines = ["| id | title | date | path |", "|---|---|---|---|"]
    for hit in listing[::step][:count]:
        lines.append(
            f"| {cell(hit.id)} | {cell(hit.title)} | {hit.date or ''} | {cell(hit.path)} |"
        )
    return [*lines, ""]


def query_table(bench: Snapshot, queries: tuple[str, ...]) -> list[str]:
    lines = ["| query | hits | how | top 3 titles |", "|---|---|---|---|"]
    for query in queries:
        results = bench.search(query, limit=3)
        how = [
            flag
            for flag in ("fuzzy", "relaxed", "fallback", "stopped", "estimated")
            if getattr(results, flag)
        ]
        if results.suggestion:
            how.append(f"did you mean {results.suggestion}")
        titles = " · ".join(f"{hit.title} ({hit.id})" for hit in results.hits)
        lines.append(
            f"| `{cell(query)}` | {results.total} | {cell(', '.join(how))} | {cell(titles)} |"
        )
    return [*lines, ""]


def guarded(step: Callable[[], list[str]]) -> list[str]:
    """``step``'s lines, or one line saying how it crashed (a crash is a finding, not the end of the
    run)."""
    try:
        return step()
    except Exception as error:  # any crash is reported; the run goes on
        frame = traceback.extract_tb(error.__traceback__)[-1]
        where = f"{Path(frame.filename).name}:{frame.lineno}"
        return [f"**crashed**: `{type(error).__name__}: {cell(str(error))}` (at {where})", ""]


def report(root: Path, index_root: Path, queries: bool, sample: int) -> list[str]:
    """The Markdown section for one corpus."""
    result: list[Build] = []

    def built() -> list[str]:
        result.append(build(root, index_root))
        return build_table(root.name, result[0])

    lines = guarded(built)
    if not result:
        return [f"## {root.name}", "", *lines]
    bench = result[0].bench
    if sample:
        lines += guarded(lambda: sample_table(bench, sample))
    if queries:
        lines += guarded(lambda: query_table(bench, QUERIES))
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="+", type=Path, help="corpus folders (each with seeds/)")
    parser.add_argument(
        "--index-root", type=Path, help="where the indexes go (default: a temporary folder)"
    )
    parser.add_argument(
        "--queries-on", default="bbc", help="comma-separated corpus folder names, or 'all'"
    )
    parser.add_argument(
        "--sample", type=int, default=0, metavar="N", help="list N articles to check by hand"
    )
    args = parser.parse_args(argv)
    queries_on = set(args.queries_on.split(","))
    with tempfile.TemporaryDirectory(prefix="dossier-real-corpora-") as tmp:
        for root in args.corpora:
            queries = "all" in queries_on or root.name in queries_on
            print(
                "\n".join(report(root, args.index_root or Path(tmp), queries, args.sample)),
                flush=True,
            )


if __name__ == "__main__":
    main()
