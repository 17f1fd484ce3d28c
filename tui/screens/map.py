"""The map view: every place dossier at its position, labelled with its mention count, coastlines
when the optional data is installed, a scale bar, and the selected place described below."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Footer, Static

from dossier.index.api import Snapshot, strings, views
from dossier.tui.messages import OpenDossier
from dossier.tui.screens.view import ViewScreen
from dossier.tui.widgets.map_canvas import MapCanvas


class MapScreen(ViewScreen):
    """Places on a map; arrows move between them, Enter opens one."""

    CSS_PATH = "map.tcss"

    BINDING_GROUP_TITLE = "Map view"

    def compose(self) -> ComposeResult:
        yield Static("Map", id="view-title")
        yield MapCanvas(id="map")
        yield Static(id="map-status")
        yield Footer()

    def load(self, snapshot: Snapshot) -> list[views.Place]:
        return views.places(snapshot)

    def show(self, data: list[views.Place]) -> None:
        canvas = self.query_one(MapCanvas)
        canvas.set_places(data)
        canvas.focus()
        title = Text.assemble(("Map", "bold"), f" — {strings.plural(len(data), 'place')}")
        if not views.coastline_data_installed():
            title.append(" · no coastlines (pip install 'dossier[map]')", "italic")
        self.set_title(title)

    def on_map_canvas_selected(self, event: MapCanvas.Selected) -> None:
        event.stop()
        canvas = self.query_one(MapCanvas)
        status = Text()  # wraps (two lines at 80 columns) rather than being cut
        if canvas.view is not None:
            columns, km = canvas.view.scale_bar(max(4, min(20, canvas.size.width // 5)))
            status.append("├" + "─" * max(0, columns - 2) + "┤" if columns > 1 else "|", "bold")
            status.append(f" {km:,} km   ")
        place = canvas.place
        if place is not None:
            north = f"{abs(place.latitude):.2f}°{'N' if place.latitude >= 0 else 'S'}"
            east = f"{abs(place.longitude):.2f}°{'E' if place.longitude >= 0 else 'W'}"
            status.append(place.name, "bold")
            status.append(f" · {north} {east} · {strings.plural(place.mentions, 'mention')}")
            if place.tags:
                status.append(" · " + ", ".join(place.tags))
        hidden = sum(
            1
            for p in canvas.places
            if canvas.view and canvas.view.cell(p.latitude, p.longitude) is None
        )
        if hidden:
            status.append(f" · {hidden} off the map (- zooms out)", "italic")
        self.query_one("#map-status", Static).update(status)

    def on_map_canvas_open(self, event: MapCanvas.Open) -> None:
        event.stop()
        self.post_message(OpenDossier(event.place_id))

    def pin_target(self) -> views.Pin | None:
        selected = self.query_one(MapCanvas).selected
        return views.Pin("dossier", selected) if selected else None
