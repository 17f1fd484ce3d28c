"""The unlinked names of an index, kept beside it: found once per state of the index (its generation and
segments, which every commit changes), then read back in a few milliseconds.

The file is written atomically; one that cannot be read, or that was made for another state or by another
version of :mod:`~dossier.index.views.unlinked`, is found again (and replaced where the folder is writable).
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from dossier.index.atomic import write_atomically
from dossier.index.views.unlinked import VERSION, UnlinkedName

CACHE_FILE = "dossier-unlinked.json"


def load(folder: Path, state: str) -> list[UnlinkedName] | None:
    """The names kept in ``folder`` for index ``state``, or None."""
    try:
        data = json.loads((folder / CACHE_FILE).read_text(encoding="utf-8"))
        if data.get("version") != VERSION or data.get("state") != state:
            return None
        return [UnlinkedName(name, count, tuple(map(tuple, found))) for name, count, found in data["names"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def save(folder: Path, state: str, names: list[UnlinkedName]) -> None:
    """Keep ``names`` for index ``state`` in ``folder`` (nothing happens if it cannot be written)."""
    data: dict[str, Any] = {"version": VERSION, "state": state, "names": [
        [n.name, n.count, n.found] for n in names]}
    with contextlib.suppress(OSError):
        write_atomically(folder / CACHE_FILE, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
