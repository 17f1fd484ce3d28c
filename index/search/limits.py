"""The bounds of one search: a deadline, and a way to be cancelled."""

from __future__ import annotations

import time
from collections.abc import Callable

from dossier.index.errors import SearchCancelled

#: How long one search may collect hits; past it, the hits found so far are returned, with a note.
SEARCH_SECONDS = 3.0

Cancelled = Callable[[], bool]
#: Called now and then while a search collects hits; raises to stop it.
Check = Callable[[], None]


class OutOfTime(Exception):
    """The search passed its deadline (caught by the engine: the hits so far are kept)."""


def never() -> bool:
    return False


def checker(cancelled: Cancelled, deadline: float) -> Check:
    """What a search calls now and then: raises :class:`SearchCancelled` once ``cancelled()`` says
    so, and :class:`OutOfTime` past ``deadline`` (on ``time.monotonic``)."""

    def check() -> None:
        if cancelled():
            raise SearchCancelled("stale search")
        if time.monotonic() > deadline:
            raise OutOfTime

    return check
