#!/usr/bin/env python3
"""Relevance of search on the shipped corpus: mean precision at 5 and first-hit rate over
tests/relevance.yaml.

    python bench/relevance.py [--corpus DIR] [--cases tests/relevance.yaml] [--misses]

Precision at 5 counts the relevant hits among the top five and divides by min(5, number relevant),
so a perfect ranking scores 1 whatever the number of answers. The first-hit rate is the share of
queries whose first hit is one of the case's ``first``. ``--misses`` lists every query that loses
points, with its top 5.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from dossier.index.api import Snapshot
from dossier.index.corpus.articles import Corpus
from dossier.index.search.engine import Hit

PROJECT = Path(__file__).resolve().parent.parent
CASES = PROJECT / "tests" / "relevance.yaml"
DEPTH = 5


@dataclass(frozen=True)
class Case:
    """One query and its answers (articles by the first three characters of their id, dossiers by
    id)."""

    query: str
    relevant: frozenset[str]
    first: frozenset[str]


@dataclass(frozen=True)
class Outcome:
    case: Case
    top: tuple[str, ...]

    @property
    def precision(self) -> float:
        found = sum(1 for key in self.top[:DEPTH] if key in self.case.relevant)
        return found / min(DEPTH, len(self.case.relevant))

    @property
    def first_right(self) -> bool:
        return bool(self.top) and self.top[0] in self.case.first


@dataclass(frozen=True)
class Score:
    outcomes: list[Outcome]

    @property
    def precision(self) -> float:
        return statistics.fmean(o.precision for o in self.outcomes)

    @property
    def first_hits(self) -> int:
        return sum(o.first_right for o in self.outcomes)


def load_cases(path: Path = CASES) -> list[Case]:
    """The cases of a relevance file."""
    with path.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return [Case(str(c["query"]), frozenset(c["relevant"]), frozenset(c["first"])) for c in raw]


def key(hit: Hit) -> str:
    """How a case names a hit: an article by its number, a dossier by its id."""
    return hit.id[:3] if hit.kind == "article" else hit.id


def evaluate(bench: Snapshot, cases: list[Case]) -> Score:
    """Run every case's query and score its top hits."""
    return Score(
        [Outcome(c, tuple(key(h) for h in bench.search(c.query, limit=10).hits)) for c in cases]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=PROJECT)
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--misses", action="store_true", help="show the queries that lose points")
    args = parser.parse_args()
    cases = load_cases(args.cases)
    with tempfile.TemporaryDirectory() as root:
        bench = Snapshot.open(Corpus(args.corpus), index_root=Path(root))
        score = evaluate(bench, cases)
    if args.misses:
        for o in score.outcomes:
            if o.precision < 1 or not o.first_right:
                mark = "" if o.first_right else "  FIRST WRONG"
                print(
                    f"{o.precision:4.2f} {o.case.query!r}{mark}\n     top: {', '.join(o.top[:DEPTH]) or '-'}"
                )
                print(
                    f"     want: {', '.join(sorted(o.case.relevant))} (first {', '.join(sorted(o.case.first))})"
                )
    total = len(score.outcomes)
    print(
        f"{total} queries: mean precision at {DEPTH} {score.precision:.3f}; "
        f"right first hit {score.first_hits}/{total} ({score.first_hits / total:.0%})"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
