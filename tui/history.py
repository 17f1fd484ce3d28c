"""Browser-like history of what the analyst opened."""

from __future__ import annotations

from dataclasses import dataclass

from dossier.index.api import Span, schema


@dataclass(frozen=True)
class Location:
    """One step of history: an article (with the query that highlights it, and a span to show) or a
    dossier."""

    kind: str
    item_id: str
    query: str = ""
    focus: Span | None = None

    @property
    def is_article(self) -> bool:
        return self.kind == schema.ARTICLE


class History:
    """Browser-like history: opening after going back drops the steps ahead."""

    def __init__(self) -> None:
        self.steps: list[Location] = []
        self.index = -1

    @property
    def current(self) -> Location | None:
        return self.steps[self.index] if self.index >= 0 else None

    def push(self, location: Location) -> None:
        del self.steps[self.index + 1 :]
        self.steps.append(location)
        self.index = len(self.steps) - 1

    def back(self) -> Location | None:
        """The step before, or None at the start (the results)."""
        self.index = max(-1, self.index - 1)
        return self.current

    def forward(self) -> Location | None:
        """The step after, or None at the end."""
        if self.index + 1 >= len(self.steps):
            return None
        self.index += 1
        return self.current
