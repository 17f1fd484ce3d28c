"""Messages posted up the DOM: what the analyst asked to open, and what workers found."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual.message import Message

from dossier.index.api import Hit, Results, Span, Workbench, WriteResult


class OpenArticle(Message):
    """Open an article as a history step, optionally scrolled to and marking ``focus`` (body offsets)."""

    def __init__(self, article_id: str, focus: Span | None = None) -> None:
        super().__init__()
        self.article_id = article_id
        self.focus = focus


class OpenDossier(Message):
    """Open a dossier page as a history step."""

    def __init__(self, dossier_id: str) -> None:
        super().__init__()
        self.dossier_id = dossier_id


class Preview(Message):
    """Show a result in the reader pane without making it a history step (``kind`` is article or dossier)."""

    def __init__(self, kind: str, item_id: str) -> None:
        super().__init__()
        self.kind = kind
        self.item_id = item_id


class IndexProgress(Message):
    """The background sync indexed ``done`` of ``total`` files."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class IndexWaiting(Message):
    """The background sync waits for another process that is writing the index."""

    def __init__(self, note: str) -> None:
        super().__init__()
        self.note = note


class IndexReady(Message):
    """The background sync finished: ``bench`` is open and current."""

    def __init__(self, bench: Workbench) -> None:
        super().__init__()
        self.bench = bench


class SearchFinished(Message):
    """A search worker's answer for the query of ``generation`` (``results`` is None when browsing)."""

    def __init__(self, generation: int, results: Results | None, hits: Sequence[Hit]) -> None:
        super().__init__()
        self.generation = generation
        self.results = results
        self.hits = hits


class Failed(Message):
    """Something the analyst asked for failed; the app logs and notifies it, and keeps running."""

    def __init__(self, what: str, error: BaseException | None) -> None:
        super().__init__()
        self.what = what
        self.error = error


class ShowView(Message):
    """Open one of the analyst views (``timeline``, ``map``, ``relations``, ``disagreements``, ``case_file``),
    optionally about one dossier (the timeline filtered to it, the relations around it)."""

    def __init__(self, view: str, dossier_id: str | None = None) -> None:
        super().__init__()
        self.view = view
        self.dossier_id = dossier_id


class CiteSentence(Message):
    """Cite ``sentence`` (body offsets) of article ``article_id`` in a dossier: open the cite form."""

    def __init__(self, article_id: str, sentence: Span) -> None:
        super().__init__()
        self.article_id = article_id
        self.sentence = sentence


class NewDossierFrom(Message):
    """Start a new dossier, its name prefilled with ``name`` (may be empty)."""

    def __init__(self, name: str = "") -> None:
        super().__init__()
        self.name = name


class EditFile(Message):
    """Open ``path`` in the analyst's editor at ``line`` (1-based), then reload and re-check."""

    def __init__(self, path: Path, line: int = 1) -> None:
        super().__init__()
        self.path = path
        self.line = line


class Wrote(Message):
    """A form wrote a dossier (``what`` says what, for the log): the app reloads the corpus."""

    def __init__(self, result: WriteResult, what: str) -> None:
        super().__init__()
        self.result = result
        self.what = what
