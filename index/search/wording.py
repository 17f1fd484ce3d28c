"""A search's results said in English, one wording for every surface: the command line's report
(:func:`report_lines`) and the app's status bar (:func:`status`) both come from here.

:class:`~index.search.engine.Results` holds facts only; what a count, a correction, a fallback or a
limit is called is decided in this module alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from dossier.index.search import limits
from dossier.index.search.documents import ARTICLE, DOSSIER
from dossier.index.search.engine import MAX_QUERY_CHARS, Results, kind_counts
from dossier.index.search.hits import Hit
from dossier.index.search.query import MAX_PATTERN_POSTINGS, MAX_PATTERN_WORDS
from dossier.index.text.wording import plural

__all__ = [
    "Status",
    "counted",
    "explanations",
    "kind_counts",
    "kinds",
    "no_results",
    "notes",
    "plural",
    "report_lines",
    "status",
    "understood",
]


def counted(results: Results, noun: str = "result") -> str:
    """``9881 results``, or ``about 58,000 results`` when the count is an estimate."""
    return (
        f"about {_about(results.total)} {noun}s"
        if results.estimated
        else plural(results.total, noun)
    )


def no_results(results: Results) -> str:
    """``no results for 'kim'``."""
    return f"no results for {results.query!r}"


def kinds(counts: Counter[str]) -> str:
    """``12 articles · 3 dossiers``."""
    return f"{plural(counts[ARTICLE], ARTICLE)} · {plural(counts[DOSSIER], DOSSIER)}"


def understood(results: Results) -> list[str]:
    """How the query was taken, when not as typed: the correction first (a narrow status bar cuts
    the rest), then a did-you-mean or the approximate matches, then syntax searched as plain
    words."""
    said = []
    if results.corrected:
        nothing = f": nothing matched {results.query!r}" if results.fuzzy else ""
        said.append(f"showing results for {results.corrected}{nothing}")
    elif results.fuzzy and results.total:
        hint = f"did you mean: {results.suggestion}? " if results.suggestion else ""
        said.append(f"no exact matches; {hint}showing approximate matches")
    elif results.suggestion:
        said.append(f"did you mean: {results.suggestion}?")
    if results.fallback:
        said.append("query syntax not understood: searched for the plain words")
    return said


def notes(results: Results) -> list[str]:
    """One line per limit this search ran into, and what the user should know about the query."""
    said = [
        f"{pattern} matches too many words: only the first ones were searched (at most "
        f"{MAX_PATTERN_WORDS} words and {MAX_PATTERN_POSTINGS:,} postings)"
        for pattern in results.capped
    ]
    said += results.query_notes
    if results.relaxed and not results.complete:
        said.append("no hit has every word: these have most of them, the most first")
    elif results.relaxed:
        have = "has" if results.complete == 1 else "have"
        said.append(
            f"{plural(results.complete, 'result')} {have} every word, then those with most of them"
        )
    if results.stopped:
        said.append(
            f"the search took over {limits.SEARCH_SECONDS:g} s and was stopped: "
            "results may be incomplete"
        )
    if results.cut:
        said.append(
            f"the query is {len(results.query):,} characters: only its first "
            f"{MAX_QUERY_CHARS:,} were used"
        )
    return said


def explanations(results: Results) -> list[str]:
    """Everything said beside the count: :func:`understood`, then :func:`notes`."""
    return understood(results) + notes(results)


def report_lines(results: Results) -> list[str]:
    """The command line's lines before the hits: the explanations in brackets, then the count (how
    many shown, how many listed as copies, how long it took) or that nothing was found."""
    if results.problem:
        return [results.problem]
    lines = [f"({line})" for line in explanations(results)]
    if not results.hits:
        return [*lines, no_results(results)]
    shown = len(results.hits)
    head = counted(results)
    if shown < results.total:
        head += f", showing {shown}"
    if results.copies_hidden:
        copies = "a copy" if results.copies_hidden == 1 else "copies"
        head += f", {results.copies_hidden} listed as {copies}"
    return [*lines, f"{head} ({results.seconds * 1000:.0f} ms)"]


@dataclass(frozen=True)
class Status:
    """The app's status bar: a headline, and the notes after it."""

    head: str
    notes: list[str]


def status(results: Results | None, hits: Sequence[Hit], sort: str = "relevance") -> Status:
    """The status bar for ``results`` (None: the whole corpus listed in ``hits``): the count, by
    kind when every hit can be told apart, then the explanations."""
    counts = kind_counts(hits)
    if results is None:
        return Status(f"Browsing the whole corpus: {kinds(counts)}", [])
    if results.problem:
        return Status(results.problem, [])
    if results.dossiers is not None and not results.estimated:  # every hit counted
        counts = Counter({ARTICLE: results.total - results.dossiers, DOSSIER: results.dossiers})
    if not results.total:
        head = "No results"
    elif results.dossiers is not None or len(hits) >= results.total:
        head = f"{counted(results)} ({kinds(counts)})"
    else:  # only the hits read could be told apart
        head = counted(results)
    if results.total and sort == "date":
        head += ", newest first"
    return Status(head, explanations(results))


def _about(total: int) -> str:
    """A count rounded to two significant digits: 58,412 -> "58,000"."""
    digits = max(0, len(str(total)) - 2)
    return f"{round(total, -digits):,}"
