"""Messages the widgets post up to the app: what the analyst asked to open or preview."""

from __future__ import annotations

from textual.message import Message

Span = tuple[int, int]


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
