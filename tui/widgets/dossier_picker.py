"""Pick a dossier by typing part of any of its names, fuzzily, as the command palette does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.fuzzy import Matcher
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from dossier.index.api import Dossier
from dossier.tui.widgets.results import MARKERS

#: How many dossiers the list shows at most.
SHOWN = 50


@dataclass(frozen=True)
class Choice:
    """One dossier as the picker offers it."""

    id: str
    label: str
    names: tuple[str, ...]

    @classmethod
    def of(cls, dossier: Dossier) -> Choice:
        return cls(
            dossier.id, f"{MARKERS.get(dossier.type, '   ')} {dossier.name}", tuple(dossier.names)
        )


class DossierPicker(Vertical):
    """A search box over a short list of dossiers; Up/Down move in the list, the highlighted one is
    chosen."""

    DEFAULT_CSS = """
    DossierPicker { height: auto; }
    DossierPicker > OptionList { height: auto; max-height: 6; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Next dossier", show=False),
        Binding("up", "move(-1)", "Previous dossier", show=False),
    ]

    @dataclass
    class Changed(Message):
        """The chosen dossier changed (``dossier_id`` None: nothing matches)."""

        picker: DossierPicker
        dossier_id: str | None

        @property
        def control(self) -> DossierPicker:
            return self.picker

    def __init__(
        self,
        choices: Sequence[Choice],
        first: Sequence[str] = (),
        *,
        placeholder: str = "",
        id: str | None = None,
    ) -> None:
        """``first``: ids to list first when nothing is typed (the dossiers the sentence names)."""
        super().__init__(id=id)
        rank = {dossier_id: index for index, dossier_id in enumerate(first)}
        self.choices = sorted(
            choices, key=lambda c: (rank.get(c.id, len(rank)), c.label[4:].lower())
        )
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        yield Input(placeholder=self.placeholder)
        yield OptionList()

    def on_mount(self) -> None:
        self.query_one(
            OptionList
        ).can_focus = False  # typing stays in the box; Up/Down move the list
        self._filter("")

    @property
    def value(self) -> str | None:
        """The id of the highlighted dossier."""
        options = self.query_one(OptionList)
        index = options.highlighted
        return (
            options.get_option_at_index(index).id
            if index is not None and options.option_count
            else None
        )

    def focus_input(self) -> None:
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._filter(event.value)

    def _filter(self, query: str) -> None:
        if query.strip():
            matcher = Matcher(query)
            scored = [(max(matcher.match(n) for n in (c.label, *c.names)), c) for c in self.choices]
            shown = [c for score, c in sorted(scored, key=lambda sc: -sc[0]) if score > 0]
        else:
            shown = list(self.choices)
        options = self.query_one(OptionList)
        options.set_options(Option(Text(c.label), id=c.id) for c in shown[:SHOWN])
        options.highlighted = 0 if shown else None
        self.post_message(self.Changed(self, self.value))

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = ((options.highlighted or 0) + step) % options.option_count
            self.post_message(self.Changed(self, self.value))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.Changed(self, self.value))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.focus_input()
