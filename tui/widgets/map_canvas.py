"""A map on a grid of terminal cells: coastlines in braille dots (2x4 per cell), each place a marker
with its name and mention count, the selected place highlighted. Places that would land in one cell
are nudged apart in the direction of their true bearing, so relative positions stay right."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from dossier.index.api import views

MARKER = "●"
_BRAILLE_BITS = (
    (0x01, 0x08),
    (0x02, 0x10),
    (0x04, 0x20),
    (0x40, 0x80),
)  # [row][column] within a cell
_OFF_GRID = {(-1, 0): "◂", (1, 0): "▸", (0, -1): "▴", (0, 1): "▾"}
_MAX_SEGMENT_STEPS = 4000


def braille_layer(
    view: views.View, outlines: Sequence[Sequence[tuple[float, float]]]
) -> dict[tuple[int, int], int]:
    """Braille dot bits per cell for the outlines ((longitude, latitude) rings) on ``view``."""
    bits: dict[tuple[int, int], int] = {}
    width, height = view.width * 2, view.height * 4

    def plot(x: float, y: float) -> None:
        px, py = math.floor(x), math.floor(y)
        if 0 <= px < width and 0 <= py < height:
            cell = (px // 2, py // 4)
            bits[cell] = bits.get(cell, 0) | _BRAILLE_BITS[py % 4][px % 2]

    for ring in outlines:
        previous: tuple[float, float] | None = None
        for lon, lat in ring:
            col, row = view.project(lat, lon)
            point = (col * 2, row * 4)
            if previous is not None:
                (x0, y0), (x1, y1) = previous, point
                outside = (
                    max(x0, x1) < 0
                    or min(x0, x1) >= width
                    or max(y0, y1) < 0
                    or min(y0, y1) >= height
                )
                if (
                    not outside and abs(x1 - x0) < width
                ):  # a jump across the date line is not a coast
                    steps = min(
                        _MAX_SEGMENT_STEPS, max(1, math.ceil(max(abs(x1 - x0), abs(y1 - y0))))
                    )
                    for i in range(steps + 1):
                        plot(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps)
            previous = point
    return bits


def place_markers(
    view: views.View, places: Sequence[views.Place], first: str | None = None
) -> dict[str, tuple[int, int]]:
    """The cell of each place on the grid. Places are placed most mentioned first (``first`` before
    all); one that lands on a taken cell moves to the nearest free cell in the direction of its true
    position."""
    order = sorted(places, key=lambda p: (p.id != first, -p.mentions, p.name))
    taken: dict[tuple[int, int], views.Place] = {}
    cells: dict[str, tuple[int, int]] = {}
    for place in order:
        cell = view.cell(place.latitude, place.longitude)
        if cell is None:
            continue
        if cell in taken:
            cell = _nudge(view, place, taken[cell], cell, taken)
            if cell is None:
                continue
        taken[cell] = place
        cells[place.id] = cell
    return cells


def _nudge(
    view: views.View,
    place: views.Place,
    other: views.Place,
    cell: tuple[int, int],
    taken: dict[tuple[int, int], views.Place],
) -> tuple[int, int] | None:
    x, y = view.project(place.latitude, place.longitude)
    ox, oy = view.project(other.latitude, other.longitude)
    dx, dy = (x - ox) / 2, y - oy  # in row units
    candidates = []
    for ring in (1, 2):
        for cx in range(-ring, ring + 1):
            for cy in range(-ring, ring + 1):
                if max(abs(cx), abs(cy)) != ring:
                    continue
                alignment = (cx / 2 * dx + cy * dy) / (
                    math.hypot(cx / 2, cy) * (math.hypot(dx, dy) or 1)
                )
                candidates.append((ring, -alignment, (cell[0] + cx, cell[1] + cy)))
    for _, _, (cx, cy) in sorted(candidates):
        if (cx, cy) not in taken and 0 <= cx < view.width and 0 <= cy < view.height:
            return cx, cy
    return None


class MapCanvas(Widget, can_focus=True):
    """The map. Arrow keys move between places, Enter opens the selected one, + and - zoom, 0
    resets."""

    BINDING_GROUP_TITLE = "Map"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move('up')", "North", show=False),
        Binding("down,j", "move('down')", "South", show=False),
        Binding("left,h", "move('left')", "West", show=False),
        Binding("right,l", "move('right')", "East", show=False),
        Binding("enter", "open", "Open"),
        Binding("plus,equals_sign", "zoom(2)", "Zoom in"),
        Binding("minus", "zoom(0.5)", "Zoom out"),
        Binding("0", "reset", "Reset view", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "map--coast",
        "map--place",
        "map--selected",
        "map--label",
        "map--off-grid",
    }
    DEFAULT_CSS = """
    MapCanvas {
        & > .map--coast { color: $text-muted; }
        & > .map--place { color: $text-accent; text-style: bold; }
        & > .map--selected { background: $accent; color: $background; text-style: bold; }
        & > .map--label { color: $text; }
        & > .map--off-grid { color: $text-muted; }
    }
    """

    selected: reactive[str | None] = reactive(None, init=False)

    class Selected(Message):
        """The selected place changed (or the view moved)."""

    @dataclass
    class Open(Message):
        """Enter on a place."""

        place_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.places: list[views.Place] = []
        self.view: views.View | None = None
        self.moved = False  # the analyst zoomed or panned: keep their view on resize
        self._lines: list[Text] = []

    def set_places(self, places: list[views.Place]) -> None:
        self.places = places
        if self.selected not in {p.id for p in places}:
            self.set_reactive(MapCanvas.selected, self._start_place())
        self._fit()

    def _start_place(self) -> str | None:
        """The most mentioned place of the cluster the default view frames."""
        candidates = views.cluster(self.places) or self.places
        return max(candidates, key=lambda p: (p.mentions, p.name)).id if candidates else None

    def _default(self) -> views.View:
        return views.default_view(self.places, max(1, self.size.width), max(1, self.size.height))

    def _fit(self) -> None:
        if not self.size.width:
            return
        if self.view is None or not self.moved:
            self.view = self._default()
        else:
            self.view = self.view.resized(self.size.width, self.size.height)
        self._draw()

    def on_resize(self) -> None:
        self._fit()

    @property
    def place(self) -> views.Place | None:
        return next((p for p in self.places if p.id == self.selected), None)

    # -- actions --------------------------------------------------------------------------------

    def action_move(self, direction: str) -> None:
        current = self.place
        if current is None or self.view is None:
            return
        target = views.step_between(self.places, current, direction, self.view)
        if target is None:
            self.app.bell()
            return
        self.selected = target.id
        if self.view.cell(target.latitude, target.longitude) is None:
            self.view = self.view.centred_on(target.latitude, target.longitude)
            self.moved = True
        self._draw()

    def action_open(self) -> None:
        if self.selected:
            self.post_message(self.Open(self.selected))

    def action_zoom(self, factor: float) -> None:
        if self.view is None:
            return
        view = self.view.zoomed(factor)
        place = self.place
        if place is not None and (factor > 1 or view.cell(place.latitude, place.longitude) is None):
            view = view.centred_on(
                place.latitude, place.longitude
            )  # zooming in closes in on the selection
        self.view, self.moved = view, True
        self._draw()

    def action_reset(self) -> None:
        self.moved = False
        self.view = None
        self._fit()

    def watch_selected(self) -> None:
        self._draw()

    # -- drawing --------------------------------------------------------------------------------

    def _draw(self) -> None:
        if self.view is None:
            return
        self._lines = self.render_grid(self.view)
        self.refresh()
        self.post_message(self.Selected())

    def render_grid(self, view: views.View) -> list[Text]:
        """The map as one Text per row."""
        style = self.get_component_rich_style
        grid: list[list[tuple[str, Style]]] = [
            [(" ", Style())] * view.width for _ in range(view.height)
        ]
        coast = style("map--coast")
        for (col, row), bits in braille_layer(view, views.coastlines_in(view)).items():
            grid[row][col] = (chr(0x2800 + bits), coast)
        cells = place_markers(view, self.places, self.selected)
        by_id = {p.id: p for p in self.places}
        markers = set(cells.values())
        reserved = set(markers)
        for place in self.places:
            if place.id not in cells:
                self._off_grid_arrow(view, place, grid, reserved)
        for place_id, (col, row) in cells.items():
            name = "map--selected" if place_id == self.selected else "map--place"
            grid[row][col] = (MARKER, style(name))
        order = sorted(cells, key=lambda i: (i != self.selected, -by_id[i].mentions, by_id[i].name))
        for place_id in order:
            place = by_id[place_id]
            label = f"{place.name} ({place.mentions})" if place.mentions else place.name
            chosen = "map--selected" if place_id == self.selected else "map--label"
            self._label(
                grid,
                cells[place_id],
                label,
                style(chosen),
                reserved,
                markers,
                force=place_id == self.selected,
            )
        lines = []
        for cells_of_row in grid:
            text = Text(no_wrap=True, overflow="crop")
            for char, char_style in cells_of_row:
                text.append(char, char_style)
            lines.append(text)
        return lines

    def _label(
        self,
        grid: list[list[tuple[str, Style]]],
        cell: tuple[int, int],
        label: str,
        style: Style,
        reserved: set[tuple[int, int]],
        markers: set[tuple[int, int]],
        force: bool,
    ) -> None:
        """Write ``label`` right of the marker, else left of it, where it overlaps nothing and keeps
        a gap from other labels; the selected place's label is written even over others (never over
        a marker)."""
        col, row = cell
        width, size = len(grid[0]), len(label)
        for start in (col + 1, col - size):
            gap = start + size if start > col else start - 1
            if (
                start >= 0
                and start + size <= width
                and (gap, row) not in reserved
                and all((c, row) not in reserved for c in range(start, start + size))
            ):
                break
        else:
            if not force:
                return
            start = col + 1 if col + 1 + size <= width else max(0, col - size)
        for offset, char in enumerate(label):
            c = start + offset
            if 0 <= c < width and (c, row) not in markers:
                grid[row][c] = (char, style)
                reserved.add((c, row))

    def _off_grid_arrow(
        self,
        view: views.View,
        place: views.Place,
        grid: list[list[tuple[str, Style]]],
        reserved: set[tuple[int, int]],
    ) -> None:
        col, row = view.project(place.latitude, place.longitude)
        c = min(view.width - 1, max(0, math.floor(col)))
        r = min(view.height - 1, max(0, math.floor(row)))
        dx = -1 if col < 0 else 1 if col >= view.width else 0
        dy = -1 if row < 0 else 1 if row >= view.height else 0
        arrow = _OFF_GRID.get((dx, dy) if not (dx and dy) else (dx, 0), "•")
        if (c, r) not in reserved:
            grid[r][c] = (arrow, self.get_component_rich_style("map--off-grid"))

    def render_line(self, y: int) -> Strip:
        if y >= len(self._lines):
            return Strip.blank(self.size.width, self.rich_style)
        segments = list(self._lines[y].render(self.app.console))
        return Strip(segments).crop_extend(0, self.size.width, self.rich_style)
