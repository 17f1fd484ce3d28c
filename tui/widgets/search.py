"""The search box: an Input that hands focus back to the results on Escape, Enter or Down."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

PLACEHOLDER = 'Search: words, "a phrase", OR, NOT, title:, date:, entity:, prefix*, word~'


class SearchBox(Input):
    """The query. Typing searches; Escape/Enter/Down go to the results."""

    BINDING_GROUP_TITLE = "Search box"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Results"),
        Binding("down,enter", "leave", "Results", show=False),
        # q and ? are typed into the box: f1 helps while typing (ctrl+q quits: the app shows it), as
        # the footer says.
        Binding("f1", "app.help", "Help"),
    ]

    class Leave(Message):
        """The analyst is done typing."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id)

    def action_leave(self) -> None:
        self.post_message(self.Leave())
