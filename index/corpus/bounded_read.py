"""Reading at most a given number of bytes of a file, so no input can make a read unbounded."""

from __future__ import annotations

import os
from pathlib import Path


def read_head(path: Path, limit: int) -> tuple[bytes, int]:
    """Up to ``limit + 1`` bytes of ``path`` (one more tells that it is longer) and its size; raises
    OSError."""
    with path.open("rb") as file:
        return file.read(limit + 1), os.fstat(file.fileno()).st_size
