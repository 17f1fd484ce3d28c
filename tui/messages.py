"""Messages posted up the DOM: what the analyst asked to open, and what workers found (each result
says the snapshot it was read from: one that is no longer the session's current snapshot is
dropped)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from dossier.index.api import Hit, Results, Snapshot, Span, keeping


@dataclass
class OpenArticle(Message):
    """Open an article as a history step, optionally scrolled to and marking ``focus`` (body
    offsets)."""

    article_id: str
    focus: Span | None = None


@dataclass
class OpenDossier(Message):
    """Open a dossier page as a history step."""

    dossier_id: str


@dataclass
class Preview(Message):
    """Show a result in the reader pane without making it a history step (``kind`` is article or
    dossier)."""

    kind: str
    item_id: str


@dataclass
class IndexProgress(Message):
    """The background sync indexed ``done`` of ``total`` files."""

    done: int
    total: int


@dataclass
class IndexWaiting(Message):
    """The background sync waits for another process that is writing the index."""

    note: str


@dataclass
class IndexReady(Message):
    """The background sync finished: ``snapshot`` is open and current."""

    snapshot: Snapshot


@dataclass
class SearchFinished(Message):
    """A search worker's answer for the query of ``generation`` (``results`` is None when browsing),
    read from ``snapshot``."""

    generation: int
    results: Results | None
    hits: Sequence[Hit]
    snapshot: Snapshot


@dataclass
class Failed(Message):
    """Something the analyst asked for failed; the app logs and notifies it, and keeps running."""

    what: str
    error: BaseException | None


@dataclass
class ShowView(Message):
    """Open one of the analyst views (``timeline``, ``map``, ``relations``, ``disagreements``,
    ``case_file``), optionally about one dossier (the timeline filtered to it, the relations around
    it)."""

    view: str
    dossier_id: str | None = None


@dataclass
class CiteSentence(Message):
    """Cite ``sentence`` (body offsets) of article ``article_id`` in a dossier: open the cite
    form."""

    article_id: str
    sentence: Span


@dataclass
class NewDossierFrom(Message):
    """Start a new dossier, its name prefilled with ``name`` (may be empty)."""

    name: str = ""


@dataclass
class EditFile(Message):
    """Open ``path`` in the analyst's editor at ``line`` (1-based), then reload and re-check."""

    path: Path
    line: int = 1


@dataclass
class Wrote(Message):
    """A form wrote a dossier (``what`` says what, for the log): the app reloads the corpus."""

    result: keeping.WriteResult
    what: str
