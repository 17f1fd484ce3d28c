"""What one update of the index did, as the CLI, the app and the indexing child process report
it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from dossier.index.problems import Problem

Progress = Callable[[int, int], None]
Notify = Callable[[str], None]


@dataclass
class SyncReport:
    """What one update of the index did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    rebuilt: bool = False
    problems: list[Problem] = field(default_factory=list)
    #: One-line notes about the index itself (a fallback folder, another writer, a repair), for the
    #: user.
    notes: list[str] = field(default_factory=list)
    #: The index folder this sync brought up to date (a temporary one when the cache is not
    #: writable).
    path: str = ""
    #: Of the ``updated`` articles, those whose file had not changed: re-linked because dossier
    #: names changed.
    relinked: int = 0
    #: Of the ``notes``, those naming the files the listing left out (``1 file not read: .xlsx
    #: ×1``): the same on every sync until the corpus changes, so a command that only reads says
    #: them when the sync did work.
    unread: list[str] = field(default_factory=list)

    @property
    def did_work(self) -> bool:
        """Whether this sync changed the index (a rebuild, or articles added, updated or
        removed)."""
        return self.rebuilt or bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        verb = "rebuilt" if self.rebuilt else "updated"
        relinked = f" ({self.relinked} re-linked to changed dossiers)" if self.relinked else ""
        return (
            f"index {verb}: {self.added} added, {self.updated} updated{relinked}, {self.removed} removed, "
            f"{self.skipped} skipped in {self.seconds:.2f}s"
        )
