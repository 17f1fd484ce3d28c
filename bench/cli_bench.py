"""How fast the ``dossier`` command starts and searches, next to ``rg -il`` on the same files.

    python bench/cli_bench.py [--articles 10000] [--runs 10] [--words Putin,Khasan,missiles]
                              [--dossier PATH]... [--workdir bench/out/cli]

Writes (or reuses) a synthetic corpus of ``--articles`` articles with ``bench/make_corpus.py`` and
the project's dossiers, builds its index once, then, ``--runs`` rounds of: ``dossier --help``,
``python -c "import dossier.tui.cli"``, and for each word ``dossier search WORD`` and ``rg -il WORD
seeds/``, one right after the other (paired: the ratio is taken pair by pair, so it holds while a
shared machine's speed drifts). Several ``--dossier`` executables (say, one of another checkout's
venv) take turns in each round, for before/after figures on the same machine state. Prints the
median and p95 wall time of each, and the ratios to ``rg``.

The commands run with Python's bytecode cache (``PYTHONDONTWRITEBYTECODE`` is dropped; the warm-up
writes it), as an installed ``dossier`` runs; ``rg`` and the corpus are warm in the page cache after
the warm-up.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
WORDS = ("Putin", "Khasan", "missiles")
#: The goals of issue 22: ``--help`` under 0.2 s, a search within 2x ``rg -il``.
HELP_GOAL_S = 0.2
RG_RATIO_GOAL = 2.0


@dataclass
class Series:
    """Wall times of one command, in seconds, and its ratios to the paired ``rg`` run."""

    seconds: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)


def p95(values: list[float]) -> float:
    """The 95th percentile, nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def make_corpus(root: Path, articles: int) -> Path:
    """``root`` with ``articles`` synthetic articles in ``seeds/`` and the project's dossiers
    (reused if there)."""
    seeds = root / "seeds"
    if not seeds.is_dir() or sum(1 for _ in os.scandir(seeds)) != articles:
        shutil.rmtree(root, ignore_errors=True)
        maker = [sys.executable, str(PROJECT / "bench" / "make_corpus.py"), str(seeds)]
        extra = ["--articles", str(articles), "--seeds-dir", str(PROJECT / "seeds")]
        subprocess.run([*maker, *extra], check=True)
    shutil.rmtree(root / "dossiers", ignore_errors=True)
    shutil.copytree(PROJECT / "dossiers", root / "dossiers")
    return root


def timed(command: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one run of ``command`` (its output thrown away; a failure stops the
    bench)."""
    started = time.perf_counter()
    subprocess.run(
        command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def commands(dossier: str, corpus: Path, words: list[str]) -> dict[str, list[str]]:
    """What is timed of one ``dossier`` executable, by label."""
    python = str(Path(dossier).with_name("python"))
    out = {
        "dossier --help": [dossier, "--help"],
        "import dossier.tui.cli": [python, "-c", "import dossier.tui.cli"],
    }
    for word in words:
        out[f"dossier search {word}"] = [dossier, "search", word, "--corpus", str(corpus)]
    return out


def run(
    dossiers: list[str], corpus: Path, words: list[str], runs: int, env: dict[str, str]
) -> tuple[dict[tuple[str, str], Series], dict[str, Series]]:
    """``runs`` rounds; each round times every command of every executable, each search paired with
    rg."""
    rg = shutil.which("rg")  # without it, no reference and no ratios
    rg_commands = {word: [rg, "-il", "--", word, str(corpus / "seeds")] for word in words if rg}
    table = {d: commands(d, corpus, words) for d in dossiers}
    results: dict[tuple[str, str], Series] = {}
    rg_results = {word: Series() for word in words}
    for round_ in range(1 + runs):  # the first round warms the caches and is not counted
        for dossier, labelled in table.items():
            for label, command in labelled.items():
                seconds = timed(command, env)
                word = label.removeprefix("dossier search ")
                paired = timed(rg_commands[word], env) if word in rg_commands else None
                if round_ == 0:
                    continue
                series = results.setdefault((dossier, label), Series())
                series.seconds.append(seconds)
                if paired is not None:
                    series.ratios.append(seconds / paired)
                    rg_results[word].seconds.append(paired)
    return results, rg_results


def report(results: dict[tuple[str, str], Series], rg_results: dict[str, Series], runs: int) -> str:
    """The figures as a Markdown table."""
    lines = [
        f"{runs} paired runs each (goals: --help < {HELP_GOAL_S} s; search within "
        f"{RG_RATIO_GOAL:.0f}x rg -il).",
        "",
        "| dossier | command | median s | p95 s | x rg median | x rg p95 |",
        "|---|---|---|---|---|---|",
    ]
    for (dossier, label), series in results.items():
        ratio = " | "
        if series.ratios:
            ratio = f"{statistics.median(series.ratios):.2f} | {p95(series.ratios):.2f}"
        lines.append(
            f"| {dossier} | {label} | {statistics.median(series.seconds):.3f} "
            f"| {p95(series.seconds):.3f} | {ratio} |"
        )
    for word, series in rg_results.items():
        if not series.seconds:
            lines.append(f"| (reference) | rg -il {word} | rg is not on the PATH | | | |")
            continue
        lines.append(
            f"| (reference) | rg -il {word} | {statistics.median(series.seconds):.3f} "
            f"| {p95(series.seconds):.3f} |  |  |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10, help="counted rounds (default 10)")
    parser.add_argument("--words", default=",".join(WORDS), help="comma-separated search words")
    parser.add_argument(
        "--dossier",
        action="append",
        help="a dossier executable to time (repeatable; default: the one beside this Python)",
    )
    parser.add_argument("--workdir", type=Path, default=PROJECT / "bench" / "out" / "cli")
    args = parser.parse_args(argv)
    dossiers = args.dossier or [str(Path(sys.executable).with_name("dossier"))]
    corpus = make_corpus(args.workdir / f"corpus-{args.articles}", args.articles)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["DOSSIER_INDEX_ROOT"] = str(args.workdir / "index")
    env.pop("DOSSIER_CORPUS", None)
    subprocess.run([dossiers[-1], "index", "--corpus", str(corpus)], env=env, check=True)
    words = [w for w in args.words.split(",") if w]
    results, rg_results = run(dossiers, corpus, words, args.runs, env)
    print(report(results, rg_results, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
