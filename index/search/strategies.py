"""One search as a list of steps: the query as typed (or relaxed, when long), then, each deciding
from what the one before found, the hits with most of the words, the words as corrected, and every
word loosened.

Each step is a function of what the search can do (:class:`Searching`) and the :class:`Outcome` so
far; it returns a new outcome, or None when it does not apply. :func:`run_steps` runs :data:`STEPS`
in order.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from typing import Any, Protocol

from dossier.index.search.highlight import TermMatcher
from dossier.index.search.hits import Hit
from dossier.index.search.query import ParsedQuery, fuzzy_variant
from dossier.index.search.relaxing import Relaxation, is_long, relaxed_variant

#: Fewer hits than this with every word of the query: look for the hits with most of them.
RELAX_BELOW = 3
#: Queries this short are not retried fuzzily: one or two letters typed are a start, not a
#: misspelling.
NO_FUZZY_UP_TO = 2


@dataclass(frozen=True)
class Pass:
    """One run of a query: its best hits, how many match in all (``estimated``: counted
    approximately past the phrase-checking limit), what a hit highlights, and what the run ran
    into."""

    hits: list[Hit]
    total: int
    matcher: TermMatcher
    #: The query as searched (patterns expanded), to count the dossiers among its hits.
    query: Any = None
    estimated: bool = False
    #: Out of time: the hits are those found until then.
    stopped: bool = False
    #: Patterns that matched too many words (only the first were searched).
    capped: tuple[str, ...] = ()
    #: Every hit's document number, when known.
    matched: Collection[int] | None = None
    #: Relaxed: how many hits have every word.
    complete: int = 0


class Searching(Protocol):
    """What the steps ask of the engine, for one query typed (``text``)."""

    @property
    def text(self) -> str: ...

    def run(self, parsed: ParsedQuery, relaxation: Relaxation | None = None) -> Pass: ...

    def parse(self, text: str) -> ParsedQuery: ...

    def suggest(self, parsed: ParsedQuery) -> str | None: ...


@dataclass(frozen=True)
class Outcome:
    """Where a search stands: the query as understood, the run whose hits are shown, and what was
    learnt."""

    parsed: ParsedQuery
    run: Pass | None = None
    #: Too little had every word: the hits have most of them.
    relaxed: bool = False
    #: How many hits have every word.
    complete: int = 0
    #: A did-you-mean line.
    suggestion: str | None = None
    #: A correction was looked for (nothing matched the words as typed).
    retried: bool = False
    #: A run was out of time.
    stopped: bool = False
    #: Patterns capped in any run.
    capped: tuple[str, ...] = ()

    def noting(self, run: Pass) -> Outcome:
        """What ``run`` ran into, its hits not taken."""
        capped = tuple(dict.fromkeys(self.capped + run.capped))
        return replace(self, stopped=self.stopped or run.stopped, capped=capped)

    def showing(self, run: Pass, **changes: Any) -> Outcome:
        """``run``'s hits taken, with ``changes``."""
        return replace(self.noting(run), run=run, **changes)


Step = Callable[[Searching, Outcome], "Outcome | None"]


def long_relaxed(search: Searching, outcome: Outcome) -> Outcome | None:
    """A long query: the hits with most of the words, whatever has them all."""
    relaxation = relaxed_variant(outcome.parsed, long=True) if is_long(outcome.parsed) else None
    if outcome.run is not None or relaxation is None:
        return None
    run = search.run(relaxation.parsed, relaxation)
    return outcome.showing(run, relaxed=run.total > run.complete, complete=run.complete)


def exact(search: Searching, outcome: Outcome) -> Outcome | None:
    """Every word, as typed."""
    if outcome.run is not None:
        return None
    run = search.run(outcome.parsed)
    return outcome.showing(run, complete=run.total)


def relaxed(search: Searching, outcome: Outcome) -> Outcome | None:
    """Fewer than :data:`RELAX_BELOW` hits with every word: those with most of them, if there are
    more."""
    run = outcome.run
    if run is None or run.total >= RELAX_BELOW or outcome.stopped or is_long(outcome.parsed):
        return None
    relaxation = relaxed_variant(outcome.parsed)
    if relaxation is None:
        return None
    more = search.run(relaxation.parsed, relaxation)
    if more.total > run.total:
        return outcome.showing(more, relaxed=True)
    return outcome.noting(more)


def corrected(search: Searching, outcome: Outcome) -> Outcome | None:
    """Nothing matched: the words as the index spells them (a did-you-mean), searched exactly."""
    run = outcome.run
    if run is None or run.total or outcome.stopped or outcome.parsed.notes:
        return None
    if len(search.text.strip()) <= NO_FUZZY_UP_TO:
        return None
    hint = search.suggest(outcome.parsed)
    outcome = replace(outcome, suggestion=hint, retried=True)
    meant = search.parse(hint) if hint else None
    if hint is None or meant is None or meant.problem:
        return outcome
    meant = replace(meant, corrected=((search.text, hint),), fuzzy=True)
    found = search.run(meant)
    if found.total:
        return outcome.showing(found, parsed=meant)
    return outcome.showing(found)


def fuzzy(search: Searching, outcome: Outcome) -> Outcome | None:
    """Still nothing: every word loosened to its close spellings."""
    if not outcome.retried or outcome.run is None or outcome.run.total:
        return None
    parsed = fuzzy_variant(outcome.parsed)
    return outcome.showing(search.run(parsed), parsed=parsed)


STEPS: tuple[Step, ...] = (long_relaxed, exact, relaxed, corrected, fuzzy)


def run_steps(search: Searching, parsed: ParsedQuery) -> tuple[Outcome, Pass]:
    """Run :data:`STEPS` on ``parsed``: the outcome, and the run whose hits are shown."""
    outcome = Outcome(parsed)
    for step in STEPS:
        outcome = step(search, outcome) or outcome
    assert outcome.run is not None  # ``exact`` runs when nothing ran before it
    return outcome, outcome.run
