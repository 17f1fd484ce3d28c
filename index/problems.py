"""Problems found while loading a corpus: reported, never raised."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from dossier.index.text.safe_text import safe_text


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong with one file, located as precisely as we know (1-based line and column).

    A ``note`` tells how a file was read when it was read all the same (a guessed text encoding):
    reported by the sync that reads the file (``dossier index``, the app's log), not by every
    ``dossier search``.
    """

    path: Path
    line: int
    col: int
    message: str
    severity: Literal["warning", "note"] = field(default="warning", compare=False)

    def __str__(self) -> str:
        """``path:line:col: message``, safe to print (a file name may hold control characters)."""
        return safe_text(f"{self.path}:{self.line}:{self.col}: {self.message}")

    @classmethod
    def whole_file(cls, path: Path, message: str) -> Problem:
        """A problem with the file as a whole (unreadable, binary, empty)."""
        return cls(path, 1, 1, message)

    @classmethod
    def note(cls, path: Path, line: int, col: int, message: str) -> Problem:
        """A note on how a file was read (see the class)."""
        return cls(path, line, col, message, "note")

    @property
    def is_note(self) -> bool:
        return self.severity == "note"

    def row(self) -> list[Any]:
        """``[line, col, message]`` (and ``"note"`` for a note), as the index stores it per file;
        the path is the file's. ``Problem(path, *row)`` reads it back."""
        return [self.line, self.col, self.message, *(["note"] if self.is_note else [])]
