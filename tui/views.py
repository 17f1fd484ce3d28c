"""The analyst views at the level of the app: their keys, the pin key, and in-app export.

:class:`ViewsApp` is the base of the app class; it needs ``bench`` (None until the workbench is open) and the
main screen's current item, which the app provides through :meth:`current_location`.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.widget import Widget

from dossier.index.api import DossierError, Pin, Workbench, export_message
from dossier.tui.messages import ShowView
from dossier.tui.screens.case_file import CaseFileScreen
from dossier.tui.screens.disagreements import DisagreementsScreen
from dossier.tui.screens.map import MapScreen
from dossier.tui.screens.relations import RelationsScreen
from dossier.tui.screens.timeline import TimelineScreen
from dossier.tui.screens.view import ViewScreen
from dossier.tui.widgets.dossier import DossierItems
from dossier.tui.widgets.entities import EntityList
from dossier.tui.widgets.reader import ArticleReader
from dossier.tui.widgets.results import ResultsList

#: name -> (title, what it shows), in the order the palette and help list them.
VIEWS: dict[str, tuple[str, str]] = {
    "timeline": ("Timeline", "every dated event, relation, claim and article in date order"),
    "map": ("Map of places", "every place dossier at its position, with mention counts"),
    "relations": ("Relations", "the neighbourhood of a dossier: relations both ways and co-mentions"),
    "disagreements": ("Disagreements", "every point where sources disagree, side by side"),
    "case_file": ("Case file", "what you pinned: open, reorder, remove, export"),
}


def reader_span(reader: ArticleReader) -> tuple[int, int] | None:
    """The span the reader is on: its current sentence (moved with ( and )), else its match or mention."""
    if reader.sentence is not None:
        return reader.sentence
    if 0 <= reader.current_match < len(reader.matches):
        return reader.matches[reader.current_match]
    if 0 <= reader.current_mention < len(reader.mentions):
        mention = reader.mentions[reader.current_mention]
        return mention.start, mention.end
    return reader.focus_span


class ViewsApp(App[int]):
    """Keys and actions of the analyst views, shared by every screen of the app."""

    BINDING_GROUP_TITLE = "Analyst views"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("T", "show_view('timeline')", "Timeline", show=False),
        Binding("M", "show_view('map')", "Map", show=False),
        Binding("R", "show_view('relations')", "Relations", show=False),
        Binding("D", "show_view('disagreements')", "Disagreements", show=False),
        Binding("C", "show_view('case_file')", "Case file", show=False),
        Binding("p", "pin", "Pin", show=False),
        Binding("X", "export_current", "Export dossier", show=False),
        # Textual's own ctrl+q, shown: the footer offers it where q is typed into the search box.
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    bench: Workbench | None

    def current_location(self) -> tuple[str, str] | None:
        """(kind, id) of the article or dossier the main screen shows, if any."""
        return None

    def current_dossier(self) -> str | None:
        location = self.current_location()
        return location[1] if location and location[0] == "dossier" else None

    # -- views ----------------------------------------------------------------------------------

    def on_show_view(self, message: ShowView) -> None:
        self.action_show_view(message.view, message.dossier_id)

    def action_show_view(self, name: str, dossier_id: str | None = None) -> None:
        """Bring up a view (the relations around ``dossier_id`` or the current dossier; the timeline filtered to
        ``dossier_id``)."""
        if self.bench is None:
            self.notify("The index is still being built", severity="warning")
            return
        screen = self._view(name, self.bench)
        if isinstance(screen, RelationsScreen):
            screen.centre_on(dossier_id or self.current_dossier() or screen.centre or "")
        elif isinstance(screen, TimelineScreen):
            screen.filter_to(dossier_id)
        if self.screen is screen:
            return
        if isinstance(self.screen, ViewScreen):
            self.pop_screen()
        self.push_screen(screen)

    def _view(self, name: str, bench: Workbench) -> ViewScreen:
        if name not in VIEWS:
            raise ValueError(f"no view {name!r}")
        if self.is_screen_installed(name):
            screen = self.get_screen(name)
            assert isinstance(screen, ViewScreen)
            return screen
        kinds: dict[str, type[ViewScreen]] = {
            "timeline": TimelineScreen, "map": MapScreen, "relations": RelationsScreen,
            "disagreements": DisagreementsScreen, "case_file": CaseFileScreen,
        }
        screen = kinds[name](bench)
        self.install_screen(screen, name)
        return screen

    # -- pins and export ------------------------------------------------------------------------

    def action_pin(self) -> None:
        """Pin what is highlighted or being read: a sentence, claim, article or dossier."""
        bench = self.bench
        if bench is None:
            return
        screen = self.screen
        pin = screen.pin_target() if isinstance(screen, ViewScreen) else self.pin_from_focus(bench, self.focused)
        if pin is None:
            self.notify("Nothing here to pin", severity="warning")
            return
        try:
            added = bench.pins.add(pin)
        except DossierError as error:
            self.notify(str(error), title="Could not pin", severity="error")
            return
        what = {"sentence": "Sentence", "claim": "Claim", "article": "Article", "dossier": "Dossier"}[pin.kind]
        self.notify(f"{what} pinned to the case file (C shows it)" if added else f"{what} is already pinned",
                    timeout=3)

    def pin_from_focus(self, bench: Workbench, focused: Widget | None) -> Pin | None:
        """What the pin key keeps on the main screen: in the reader, the sentence of the current match or
        mention (else the article); on a dossier page, the highlighted claim (else the dossier); in a list, the
        highlighted result or entity."""
        location = self.current_location()
        if isinstance(focused, ArticleReader) and focused.article is not None:
            article = focused.article
            span = reader_span(focused)
            if span is None:
                return Pin("article", article.id)
            start, end = bench.sentence_around(article.id, *span)
            return Pin("sentence", article.id, " ".join(article.body[start:end].split()), start=start, end=end)
        if isinstance(focused, DossierItems) and location and location[0] == "dossier":
            option = focused.highlighted_option
            dossier = bench.dossier(location[1])
            if dossier and option is not None and (option.id or "").startswith("claim:"):
                claim = dossier.claims[int((option.id or "")[len("claim:"):])]
                return Pin("claim", dossier.id, claim.text, claim.source, claim.quote, note=claim.note)
            return Pin("dossier", location[1])
        if isinstance(focused, ResultsList) and focused.highlighted is not None and focused.hits:
            hit = focused.hits[focused.highlighted]
            return Pin("article", hit.id) if hit.kind == "article" else Pin("dossier", hit.id)
        if isinstance(focused, EntityList) and focused.highlighted_option is not None:
            return Pin("dossier", focused.highlighted_option.id or "")
        if location and location[0] == "article":
            return Pin("article", location[1])
        return Pin("dossier", location[1]) if location else None

    def action_export_current(self) -> None:
        """Export the dossier on screen as a Markdown brief to the exports folder."""
        dossier_id = self.current_dossier()
        if self.bench is None or dossier_id is None:
            self.notify("Open a dossier to export it (the case file exports from its view: C, then e)",
                        severity="warning")
            return
        try:
            path = self.bench.save_export([dossier_id], [], "markdown", dossier_id)
        except DossierError as error:
            self.notify(str(error), title="Export failed", severity="error")
            return
        name = self.bench.dossier(dossier_id)
        self.notify(export_message(name.name if name else dossier_id, "markdown", path), title="Exported",
                    timeout=10, markup=False)
