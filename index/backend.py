"""The search backend: what the session's read and write paths ask of an index, whatever engine
keeps it.

Only documents' kinds and ids, their stored fields (plain dicts), queries as text and dossier's own
value types cross this protocol: never an engine's document numbers or query objects. Whoosh is the
one implementation today (:mod:`dossier.index.whoosh_backend`); another engine (OpenSearch)
implements the same methods.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from dossier.index.dossiers.schema import Dossier
from dossier.index.errors import IndexDamaged
from dossier.index.indexing.sync_report import Notify, Progress, SyncReport
from dossier.index.search.engine import Cancelled, Hit, Results, Sort
from dossier.index.search.highlight import TermMatcher
from dossier.index.search.name_lookup import NameLookup
from dossier.index.text.linking import Linker

#: Each grouped article's group of copies (its ids, sorted), by member id.
CopyGroups = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class MentioningPage:
    """A page of the articles naming one dossier (their stored fields, in id order) and how many
    name it."""

    articles: list[dict[str, Any]]
    total: int


class SearchBackend(Protocol):
    """One corpus's index: brought up to date, opened, read, closed. Reads are safe from several
    threads."""

    @property
    def path(self) -> Path:
        """The index folder (caches of the views are kept beside it)."""
        ...

    # -- the write path ---------------------------------------------------------------------------

    def sync(
        self,
        *,
        progress: Progress | None = None,
        rebuild: bool = False,
        on_wait: Notify | None = None,
        in_subprocess: bool = False,
    ) -> SyncReport:
        """Bring the index up to date with the corpus (``in_subprocess``: in a child process, when
        work is likely) and say what changed."""
        ...

    def open(self, report: SyncReport) -> list[Dossier]:
        """Open the index ``report``'s sync left; the corpus's dossiers as that sync read them."""
        ...

    def serve(self, linker: Linker, names: NameLookup) -> None:
        """Start answering queries, reading dossier names through ``linker`` and ``names``."""
        ...

    def repair(self, error: IndexDamaged) -> SyncReport:
        """Rebuild an index that failed to read and serve the new one; the rebuild's report."""
        ...

    # -- the read path ----------------------------------------------------------------------------

    def search(self, text: str, limit: int, sort: Sort, cancelled: Cancelled | None) -> Results:
        """Ranked hits for a query."""
        ...

    def matcher(self, text: str) -> TermMatcher:
        """What a query highlights."""
        ...

    def stored(self, kind: str, doc_id: str) -> dict[str, Any] | None:
        """The stored fields of one document, by kind and id (None: no such document)."""
        ...

    def articles(self) -> list[dict[str, Any]]:
        """Every article's stored fields but its body, in id order."""
        ...

    def each_article(self) -> Iterator[dict[str, Any]]:
        """Every article's stored fields, body included, in id order, one at a time."""
        ...

    def article_ids(self) -> list[str]:
        """Every article's id."""
        ...

    def mentioning(self, entity: str, start: int = 0, count: int | None = None) -> MentioningPage:
        """``count`` of the articles naming dossier ``entity`` (all by default) from the
        ``start``-th."""
        ...

    def listing(self, groups: CopyGroups) -> Sequence[Hit]:
        """The browse listing, read lazily: articles newest first (undated last; each group of
        copies once, with its copies), then dossiers by type and title; its ``kinds`` count each
        kind."""
        ...

    def copy_groups(self) -> CopyGroups:
        """The groups of copies the last sync found."""
        ...

    def state(self) -> str:
        """A key that changes with every commit (for caches)."""
        ...

    def close(self) -> None:
        """Release the index's files; no read may follow."""
        ...
