"""The undo journal of a corpus's dossier writes: what the last write replaced, kept in the user
state folder (:func:`dossier.index.user_folders.undo_file`), so it can be put back while the file is
as that write left it."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from dossier.index.atomic import write_atomically
from dossier.index.errors import DossierWriteError


@dataclass(frozen=True)
class UndoEntry:
    """The last write: the file (corpus-relative, POSIX), the bytes it replaced (None: it created
    the file), and the SHA-1 of the bytes it wrote."""

    path: str
    before: bytes | None
    after_sha1: str

    def matches(self, current: bytes | None) -> bool:
        """Whether the file still holds what the write left."""
        return current is not None and hashlib.sha1(current).hexdigest() == self.after_sha1


class UndoJournal:
    """One JSON file holding the last write's :class:`UndoEntry`, written atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def record(self, rel: str, before: bytes | None, after: bytes) -> None:
        """Keep what a write is about to replace; raises DossierWriteError (and the write must not
        happen)."""
        entry = {
            "path": rel,
            "before": base64.b64encode(before).decode("ascii") if before is not None else None,
            "after": hashlib.sha1(after).hexdigest(),
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, json.dumps(entry))
        except OSError as error:
            raise DossierWriteError(
                f"cannot keep undo information in {self.path}: {error}"
            ) from error

    def last(self) -> UndoEntry | None:
        """The last write, if one is recorded (an unreadable journal records none)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                return None
            before = (
                base64.b64decode(data["before"], validate=True)
                if data["before"] is not None
                else None
            )
            return UndoEntry(str(data["path"]), before, str(data["after"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
