"""The case file view: what the analyst pinned, in their order; open, reorder, remove, export."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from dossier.index.api import DossierError, Snapshot, views
from dossier.tui.messages import OpenArticle, OpenDossier
from dossier.tui.screens.view import ViewScreen, short_id
from dossier.tui.widgets.keyed_list import KeyedList

PIN_MARKERS = {"article": "ART", "dossier": "DOS", "claim": "CLM", "sentence": "SEN"}


class PinList(KeyedList):
    """The pins; Enter opens one, ``d`` removes it, ``K``/``J`` move it up and down."""

    BINDING_GROUP_TITLE = "Case file"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open"),
        Binding("d,delete", "screen.remove", "Remove"),
        Binding("K,shift+up", "screen.move(-1)", "Move up", show=False),  # said on the title line
        Binding("J,shift+down", "screen.move(1)", "Move down", show=False),
        Binding("e", "screen.export('markdown')", "Export"),
        Binding("E", "screen.export('ftm')", "Export FtM", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"pins--source"}
    DEFAULT_CSS = """
    PinList > .pins--source { color: $text-muted; text-style: italic; }
    """


class CaseFileScreen(ViewScreen):
    """The pins of this corpus (kept in the user data folder, never in the corpus)."""

    CSS_PATH = "case_file.tcss"

    BINDING_GROUP_TITLE = "Case file view"

    def __init__(self) -> None:
        super().__init__()
        self.pins: list[views.Pin] = []

    def compose(self) -> ComposeResult:
        yield Static("Case file", id="view-title")
        yield PinList(id="pin-list")
        yield Footer()

    def load(self, snapshot: Snapshot) -> tuple[list[views.Pin], str | None]:
        """The pins, and what was wrong with the case file if it could not be read as it was."""
        store = views.pins(snapshot)
        pins = store.load()
        return pins, store.problem

    def show(self, data: tuple[list[views.Pin], str | None]) -> None:
        pins, problem = data
        if problem:
            self.notify(problem, severity="warning", timeout=10)
        self._list(pins)

    def _list(self, data: list[views.Pin], keep: int | None = None) -> None:
        self.pins = data
        listing = self.query_one(PinList)
        source_style = listing.get_component_rich_style("pins--source")
        listing.set_options(
            [Option(self._prompt(pin, source_style), id=str(i)) for i, pin in enumerate(data)]
        )
        if data:
            listing.highlighted = min(keep if keep is not None else 0, len(data) - 1)
        listing.focus()
        title = Text.assemble(("Case file", "bold"), f" — {len(data)} pinned")
        title.append(
            " · K/J move a pin up/down · e exports"
            if data
            else " · nothing pinned yet: press p on an article, sentence, claim or dossier"
        )
        self.set_title(title)

    def _prompt(self, pin: views.Pin, source_style: Style) -> Text:
        text = Text.assemble((PIN_MARKERS[pin.kind], "bold"), " ")
        if pin.kind == "dossier":
            dossier = self.snapshot.dossier(pin.target)
            text.append(dossier.name if dossier else f"{pin.target} (no such dossier now)")
            return text
        if pin.kind == "article":
            article = self.snapshot.article(pin.target)
            text.append(article.title if article else f"{pin.target} (no such article now)")
            return text
        if pin.kind == "claim":
            dossier = self.snapshot.dossier(pin.target)
            text.append(pin.text)
            text.append(f"\n    on {dossier.name if dossier else pin.target}", source_style)
            if pin.quote:
                text.append(f" · “{pin.quote}”", source_style)
            return text
        article = self.snapshot.article(pin.target)
        text.append(f"“{pin.text}”")
        text.append(
            f"\n    — {short_id(pin.target)} {article.title if article else '(no such article now)'}",
            source_style,
        )
        return text

    def _current(self) -> tuple[int, views.Pin] | None:
        index = self.query_one(PinList).highlighted
        return (index, self.pins[index]) if index is not None and index < len(self.pins) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        current = self._current()
        if current is None:
            return
        pin = current[1]
        if pin.kind == "dossier":
            self.post_message(OpenDossier(pin.target))
        elif pin.kind == "claim" and pin.source:
            span = self.snapshot.quote_span(pin.source, pin.quote) if pin.quote else None
            self.post_message(OpenArticle(pin.source, span))
        else:
            span = (pin.start, pin.end) if pin.start is not None and pin.end is not None else None
            self.post_message(OpenArticle(pin.target, span))

    def action_remove(self) -> None:
        current = self._current()
        if current is None:
            return
        try:
            self._list(views.pins(self.snapshot).remove(current[1]), keep=current[0])
        except DossierError as error:
            self.notify(str(error), severity="error")

    def action_move(self, offset: int) -> None:
        current = self._current()
        if current is None:
            return
        try:
            self._list(
                views.pins(self.snapshot).move(current[1], offset), keep=max(0, current[0] + offset)
            )
        except DossierError as error:
            self.notify(str(error), severity="error")

    def action_export(self, fmt: str) -> None:
        if not self.pins:
            self.notify("Nothing pinned to export", severity="warning")
            return
        try:
            path = views.save_export(self.snapshot, [], self.pins, fmt, "case-file")
        except DossierError as error:
            self.notify(str(error), title="Export failed", severity="error")
            return
        what = f"Case file ({views.export_contents(0, len(self.pins))})"
        self.notify(
            views.export_message(what, fmt, path), title="Exported", timeout=10, markup=False
        )

    def pin_target(self) -> views.Pin | None:
        return None
