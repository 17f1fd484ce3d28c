"""The side list of the dossiers an article mentions."""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from dossier.index.api import Dossier, Mention, views
from dossier.tui.messages import OpenDossier
from dossier.tui.widgets.keyed_list import KeyedList
from dossier.tui.widgets.results import MARKERS
from dossier.tui.widgets.rows import row_with_tail


class EntityList(KeyedList):
    """Each mentioned dossier once, most mentioned first; Enter (or a click) opens it."""

    BINDING_GROUP_TITLE = "Entities side list"

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Open dossier")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Mentioned"

    def show(self, mentions: list[Mention], dossiers: dict[str, Dossier]) -> None:
        counts = Counter(m.entity for m in mentions)
        options = []
        for entity, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            dossier = dossiers[entity]
            name = Text.assemble((MARKERS.get(dossier.type, "???"), "dim"), " ", dossier.name)
            options.append(
                Option(row_with_tail(name, Text(f" ×{count}", "dim"), cut=True), id=entity)
            )
        self.set_options(options)
        self.highlighted = 0 if options else None  # Enter opens the first at once (3 then Enter)
        self.border_title = f"Mentioned ({len(options)})"

    def pin_target(self) -> views.Pin | None:
        """The highlighted dossier."""
        option = self.highlighted_option
        return views.Pin("dossier", option.id) if option is not None and option.id else None

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(OpenDossier(event.option.id))
