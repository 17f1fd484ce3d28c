"""The log screen: corpus problems (broken dossiers, skipped files), index syncs and errors."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Log


class LogScreen(ModalScreen[None]):
    """What went wrong or happened, newest last; text is shown as is, never as markup."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,L", "dismiss", "Close")]

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        log = Log(id="log-body", highlight=False)
        log.border_title = "Log — Escape closes"
        yield log

    def on_mount(self) -> None:
        log = self.query_one(Log)
        log.write_lines(self.lines or ["Nothing to report: no problems in the corpus."])
        log.focus()
