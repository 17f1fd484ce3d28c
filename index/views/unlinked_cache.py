"""The unlinked names of an index, kept beside it: found once per state of the index (its generation
and segments, which every commit changes), then read back in a fraction of a second.

When the index changed but not its articles' text nor their links (a claim added to a dossier), the
names kept are still right: a digest of every article's id, text and linked spans, read in one pass
(a tenth of the time it takes to find them), says so. The file is written atomically; one that
cannot be read, or that was made by another version of :mod:`~dossier.index.views.unlinked`, is
found again (and replaced where the folder is writable).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from dossier.index.atomic import write_atomically
from dossier.index.search.highlight import Span
from dossier.index.views.unlinked import VERSION, UnlinkedName, unlinked_names

CACHE_FILE = "dossier-unlinked.json"
Articles = Callable[[], Iterable[tuple[str, str, Sequence[Span]]]]


def kept_or_found(folder: Path, state: str, articles: Articles) -> list[UnlinkedName]:
    """The names of the articles (``articles()`` gives each one's id, text and linked spans, once
    per call): kept in ``folder`` for index ``state`` or for the same articles, else found (and
    kept)."""
    kept, names = _read(folder)
    if names is not None and kept.get("state") == state:
        return names
    content = _digest(articles())
    if names is None or kept.get("content") != content:
        names = unlinked_names(articles())
    save(folder, state, content, names)
    return names


def _read(folder: Path) -> tuple[dict[str, Any], list[UnlinkedName] | None]:
    """The kept file and its names; no names if it is missing, unreadable or of another version."""
    try:
        data = json.loads((folder / CACHE_FILE).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return {}, None
        names = [
            UnlinkedName(name, count, tuple((a, s, start, end) for a, s, start, end in found))
            for name, count, found in data["names"]
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return {}, None
    return data, names


def _digest(articles: Iterable[tuple[str, str, Sequence[Span]]]) -> str:
    digest = hashlib.sha1()
    for article_id, body, linked in articles:
        digest.update(
            f"{article_id}\x1f{len(body)}\x1f{sorted(linked)}\x1f".encode("utf-8", "surrogatepass")
        )
        digest.update(body.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def save(folder: Path, state: str, content: str, names: list[UnlinkedName]) -> None:
    """Keep ``names`` for index ``state`` and articles ``content`` in ``folder`` (nothing happens if
    it cannot be written)."""
    data = {
        "version": VERSION,
        "state": state,
        "content": content,
        "names": [[n.name, n.count, n.found] for n in names],
    }
    with contextlib.suppress(OSError):
        write_atomically(
            folder / CACHE_FILE, json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        )
