"""The analyst views at the level of the app: their keys, the pin key, and in-app export.

:class:`ViewsApp` is the base of the app class; it needs ``session`` (None until the corpus is open)
and the main screen's current item, which the app provides through :meth:`current_location`. A view
screen keeps no snapshot: it loads from the session's current one each time it comes up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from dossier.index.api import DossierError, Session, views
from dossier.tui.host import Pinnable
from dossier.tui.messages import ShowView
from dossier.tui.screens.case_file import CaseFileScreen
from dossier.tui.screens.disagreements import DisagreementsScreen
from dossier.tui.screens.map import MapScreen
from dossier.tui.screens.relations import RelationsScreen
from dossier.tui.screens.timeline import TimelineScreen
from dossier.tui.screens.view import ViewScreen


@dataclass(frozen=True)
class ViewSpec:
    """One analyst view: its name (in :class:`ShowView` and actions), its key, its title, what it
    shows (help and the palette say it) and how to make its screen."""

    name: str
    key: str
    title: str
    shows: str
    screen: Callable[[], ViewScreen]

    @property
    def action(self) -> str:
        return f"show_view('{self.name}')"


#: Every view, once: the keys, the help, the palette and :meth:`ViewsApp.action_show_view` read this
#: table.
VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec(
        "timeline",
        "T",
        "Timeline",
        "every dated event, relation, claim and article in date order",
        TimelineScreen,
    ),
    ViewSpec(
        "map",
        "M",
        "Map of places",
        "every place dossier at its position, with mention counts",
        MapScreen,
    ),
    ViewSpec(
        "relations",
        "R",
        "Relations",
        "the neighbourhood of a dossier: relations both ways and co-mentions",
        RelationsScreen,
    ),
    ViewSpec(
        "disagreements",
        "D",
        "Disagreements",
        "every point where sources disagree, side by side",
        DisagreementsScreen,
    ),
    ViewSpec(
        "case_file",
        "C",
        "Case file",
        "what you pinned: open, reorder, remove, export",
        CaseFileScreen,
    ),
)
_BY_NAME = {view.name: view for view in VIEWS}


class ViewsApp(App[int]):
    """Keys and actions of the analyst views, shared by every screen of the app."""

    BINDING_GROUP_TITLE = "Analyst views"
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(view.key, view.action, f"{view.title}: {view.shows}", show=False)
            for view in VIEWS
        ),
        Binding("p", "pin", "Pin", show=False),
        Binding("X", "export_current", "Export dossier", show=False),
        # Textual's own ctrl+q, shown: the footer offers it where q is typed into the search box.
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    session: Session | None

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
        """Bring up a view (the relations around ``dossier_id`` or the current dossier; the timeline
        filtered to ``dossier_id``)."""
        if self.session is None:
            self.notify("The index is still being built", severity="warning")
            return
        screen = self._view(name)
        if isinstance(screen, RelationsScreen):
            screen.centre_on(dossier_id or self.current_dossier() or screen.centre or "")
        elif isinstance(screen, TimelineScreen):
            screen.filter_to(dossier_id)
        if self.screen is screen:
            return
        if isinstance(self.screen, ViewScreen):
            self.pop_screen()
        self.push_screen(screen)

    def _view(self, name: str) -> ViewScreen:
        """The view's screen (kept for its place and cursor; its data comes from the current
        snapshot)."""
        if name not in _BY_NAME:
            raise ValueError(f"no view {name!r}")
        if self.is_screen_installed(name):
            screen = self.get_screen(name)
            assert isinstance(screen, ViewScreen)
            return screen
        screen = _BY_NAME[name].screen()
        self.install_screen(screen, name)
        return screen

    # -- pins and export ------------------------------------------------------------------------

    def action_pin(self) -> None:
        """Pin what is highlighted or being read: a sentence, claim, article or dossier. A view, or
        the focused pane of the main screen, says what (:class:`Pinnable`); else the article or
        dossier on screen."""
        if self.session is None:
            return
        snapshot = self.session.current
        screen, focused = self.screen, self.focused
        if isinstance(screen, ViewScreen):
            pin = screen.pin_target()
        else:
            pin = focused.pin_target() if isinstance(focused, Pinnable) else None
            location = self.current_location()
            if pin is None and location is not None:
                pin = views.Pin("article" if location[0] == "article" else "dossier", location[1])
        if pin is None:
            self.notify("Nothing here to pin", severity="warning")
            return
        try:
            added = views.pins(snapshot).add(pin)
        except DossierError as error:
            self.notify(str(error), title="Could not pin", severity="error")
            return
        what = {
            "sentence": "Sentence",
            "claim": "Claim",
            "article": "Article",
            "dossier": "Dossier",
        }[pin.kind]
        self.notify(
            f"{what} pinned to the case file (C shows it)"
            if added
            else f"{what} is already pinned",
            timeout=3,
        )

    def action_export_current(self) -> None:
        """Export the dossier on screen as a Markdown brief to the exports folder."""
        dossier_id = self.current_dossier()
        if self.session is None or dossier_id is None:
            self.notify(
                "Open a dossier to export it (the case file exports from its view: C, then e)",
                severity="warning",
            )
            return
        try:
            snapshot = self.session.current
            path = views.save_export(snapshot, [dossier_id], [], "markdown", dossier_id)
        except DossierError as error:
            self.notify(str(error), title="Export failed", severity="error")
            return
        name = snapshot.dossier(dossier_id)
        self.notify(
            views.export_message(name.name if name else dossier_id, "markdown", path),
            title="Exported",
            timeout=10,
            markup=False,
        )
