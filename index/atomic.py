"""The one way dossier writes a file: a temporary file in the same folder, written and fsynced, then
renamed over the target (``os.replace``) and the folder fsynced, so a crash mid-write leaves either
the old file or the new one, never half of one, and the rename itself survives a power cut.

:func:`write_atomically` is the whole step; :func:`staged` splits it for writers that must check the
target just before the rename (the dossier writer), or create a file only if it is still absent.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


class Staged:
    """New content for ``path`` sitting, fsynced, in a temporary file beside it."""

    def __init__(self, path: Path, temporary: Path) -> None:
        self.path = path
        self.temporary = temporary

    def replace(self) -> None:
        """Rename the new content over ``path`` (created if absent), then fsync the folder."""
        os.replace(self.temporary, self.path)
        fsync_dir(self.path.parent)

    def create(self) -> None:
        """Put the new content at ``path`` only if nothing is there; FileExistsError (nothing
        changed) if something is: never clobbers a file that appeared meanwhile."""
        os.link(self.temporary, self.path)
        fsync_dir(self.path.parent)


@contextlib.contextmanager
def staged(path: Path, data: str | bytes) -> Iterator[Staged]:
    """Write ``data`` (text as UTF-8, newlines as given) to a hidden temporary file beside ``path``,
    fsynced, with ``path``'s permissions (for a new file, its folder's without the execute bits);
    the temporary file is gone when the block ends, whatever happened. Raises OSError."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(
            OSError
        ):  # the target may vanish meanwhile: keep mkstemp's private 0600
            os.chmod(temporary, (path if path.exists() else path.parent).stat().st_mode & 0o666)
        yield Staged(path, temporary)
    finally:
        temporary.unlink(missing_ok=True)


def write_atomically(path: Path, data: str | bytes) -> None:
    """Replace ``path``'s content by ``data`` atomically; raises OSError, leaving no temporary file
    behind and the old file (if any) as it was."""
    with staged(path, data) as new:
        new.replace()


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a rename or link in it) to disk; a no-op where folders cannot be
    opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open a folder: its renames are durable without this
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
