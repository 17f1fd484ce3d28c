"""The bounds of one search: a deadline, a way to be cancelled, and what it ran into."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from whoosh import collectors

from dossier.index.errors import SearchCancelled

Cancelled = Callable[[], bool]
#: How many matches are collected between two looks at whether the search is still wanted.
_CANCEL_EVERY = 256


@dataclass
class Limits:
    """The bounds of one search: when it must stop collecting, and what it ran into."""

    deadline: float
    stopped: bool = False
    capped: list[str] = field(default_factory=list)


class OutOfTime(Exception):
    """The search passed its deadline (caught by the engine: the hits so far are kept)."""


def never() -> bool:
    return False


def checker(cancelled: Cancelled, limits: Limits) -> Callable[[], None]:
    """What a search calls now and then: raises :class:`SearchCancelled` once ``cancelled()`` says so, and
    :class:`OutOfTime` past the deadline of ``limits``."""

    def check() -> None:
        if cancelled():
            raise SearchCancelled("stale search")
        if time.monotonic() > limits.deadline:
            raise OutOfTime

    return check


class Cancellable(collectors.WrappingCollector):
    """Passes matches on to ``child``, calling ``check`` on the first and then every :data:`_CANCEL_EVERY`
    (Whoosh's TimeLimitCollector cannot wrap a filter, and its SIGALRM works only on the main thread)."""

    def __init__(self, child: collectors.Collector, check: Callable[[], None]) -> None:
        super().__init__(child)
        self._check = check
        self._count = 0

    def collect(self, sub_docnum: int) -> Any:
        self._count += 1
        if self._count % _CANCEL_EVERY == 1:
            self._check()
        return self.child.collect(sub_docnum)
