"""Problems found while loading a corpus: reported, never raised."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dossier.index.text.safe_text import safe_text


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong with one file, located as precisely as we know (1-based line and column)."""

    path: Path
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        """``path:line:col: message``, safe to print (a file name may hold control characters)."""
        return safe_text(f"{self.path}:{self.line}:{self.col}: {self.message}")

    @classmethod
    def whole_file(cls, path: Path, message: str) -> Problem:
        """A problem with the file as a whole (unreadable, binary, empty)."""
        return cls(path, 1, 1, message)
