"""Places on a map: positions from the place dossiers, a projection onto a grid of terminal cells, a
default view framing where the places cluster, moving between places by direction, and a scale.

The projection is equirectangular around the view's centre latitude (longitudes shrunk by its
cosine), which keeps distances and bearings right at the regional scale an analyst looks at; a
terminal cell is about twice as tall as it is wide, which :class:`View` accounts for.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from dossier.index.dossiers.schema import Dossier
from dossier.index.views import coastline

EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
#: A terminal cell is about twice as tall as it is wide.
CELL_ASPECT = 2.0
#: Places within this distance of the best-connected place make the default view.
CLUSTER_KM = 1500.0
_NICE_KM = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000)


@dataclass(frozen=True)
class Place:
    """A place dossier with coordinates, and how many times the articles name it."""

    id: str
    name: str
    latitude: float
    longitude: float
    mentions: int = 0
    tags: tuple[str, ...] = ()


def places_of(dossiers: Iterable[Dossier], mention_counts: dict[str, int]) -> list[Place]:
    """Every place dossier that has both coordinates, by name."""
    out = [
        Place(d.id, d.name, d.latitude, d.longitude, mention_counts.get(d.id, 0), tuple(d.tags))
        for d in dossiers
        if d.type == "place" and d.latitude is not None and d.longitude is not None
    ]
    return sorted(out, key=lambda p: p.name.lower())


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance (haversine)."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat, dlon = lat2 - lat1, math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class View:
    """What part of the world a ``width`` x ``height`` grid of cells shows: its centre and how many
    degrees of latitude one cell row spans (a column spans half that, in degrees of the centre
    latitude's circle)."""

    center_lat: float
    center_lon: float
    degrees_per_row: float
    width: int
    height: int

    @property
    def _lon_per_col(self) -> float:
        return (
            self.degrees_per_row / CELL_ASPECT / max(0.05, math.cos(math.radians(self.center_lat)))
        )

    def project(self, latitude: float, longitude: float) -> tuple[float, float]:
        """(column, row) of a point, as floats; 0,0 is the top-left cell; may fall outside the
        grid."""
        dlon = (longitude - self.center_lon + 180) % 360 - 180
        col = self.width / 2 + dlon / self._lon_per_col
        row = self.height / 2 - (latitude - self.center_lat) / self.degrees_per_row
        return col, row

    def cell(self, latitude: float, longitude: float) -> tuple[int, int] | None:
        """The cell holding a point, or None when it is off the grid."""
        col, row = self.project(latitude, longitude)
        c, r = math.floor(col), math.floor(row)
        return (c, r) if 0 <= c < self.width and 0 <= r < self.height else None

    def unproject(self, col: float, row: float) -> tuple[float, float]:
        """(latitude, longitude) at a grid position."""
        return (
            self.center_lat - (row - self.height / 2) * self.degrees_per_row,
            self.center_lon + (col - self.width / 2) * self._lon_per_col,
        )

    def zoomed(self, factor: float) -> View:
        """Zoom in (factor > 1) or out, keeping the centre; clamped between 1 km and the whole Earth
        per row."""
        per_row = min(90.0, max(0.01, self.degrees_per_row / factor))
        return replace(self, degrees_per_row=per_row)

    def centred_on(self, latitude: float, longitude: float) -> View:
        return replace(self, center_lat=max(-85.0, min(85.0, latitude)), center_lon=longitude)

    def resized(self, width: int, height: int) -> View:
        return replace(self, width=max(1, width), height=max(1, height))

    def km_per_col(self) -> float:
        """Ground distance across one column at the centre latitude."""
        return self._lon_per_col * KM_PER_DEGREE * math.cos(math.radians(self.center_lat))

    def scale_bar(self, max_cols: int) -> tuple[int, int]:
        """(columns, km) of the longest round distance that fits in ``max_cols`` columns."""
        per_col = self.km_per_col()
        fitting = [km for km in _NICE_KM if km / per_col <= max_cols]
        km = fitting[-1] if fitting else _NICE_KM[0]
        return max(1, round(km / per_col)), km


def fit(
    points: Sequence[tuple[float, float]], width: int, height: int, margin: float = 0.1
) -> View:
    """The view showing every (latitude, longitude) of ``points``, with a margin on each side."""
    if not points:
        return View(0.0, 0.0, 180 / max(1, height), width, height)
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    center_lat, center_lon = (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2
    cos = max(0.05, math.cos(math.radians(center_lat)))
    lat_span = max(max(lats) - min(lats), 0.5)
    lon_span = max(max(lons) - min(lons), 0.5)
    usable_rows = max(1.0, height * (1 - 2 * margin))
    usable_cols = max(1.0, width * (1 - 2 * margin))
    per_row = max(lat_span / usable_rows, lon_span * cos * CELL_ASPECT / usable_cols)
    return View(center_lat, center_lon, per_row, width, height)


def cluster(places: Sequence[Place], radius_km: float = CLUSTER_KM) -> list[Place]:
    """The places within ``radius_km`` of the place that has the most places (then mentions) around
    it: where the material is. Country-wide places far off (a country's centroid) fall outside
    it."""
    if not places:
        return []

    def around(center: Place) -> list[Place]:
        return [p for p in places if distance_km(center, p) <= radius_km]

    best = max(places, key=lambda c: (len(around(c)), sum(p.mentions for p in around(c)), c.id))
    return around(best)


def default_view(places: Sequence[Place], width: int, height: int) -> View:
    """The view an analyst starts from: framing the cluster of places, not the whole globe."""
    return fit([(p.latitude, p.longitude) for p in cluster(places)], width, height)


def step(places: Sequence[Place], current: Place, direction: str, view: View) -> Place | None:
    """The place to move to from ``current`` with an arrow key (``up``, ``down``, ``left``,
    ``right``): the nearest on screen within 60 degrees of that direction, else the nearest anywhere
    in that half-plane."""
    dx, dy = {"left": (-1, 0), "right": (1, 0), "up": (0, -1), "down": (0, 1)}[direction]
    x0, y0 = view.project(current.latitude, current.longitude)
    best: tuple[float, Place] | None = None
    for place in places:
        if place.id == current.id:
            continue
        x, y = view.project(place.latitude, place.longitude)
        ax, ay = (x - x0) / CELL_ASPECT, y - y0  # in row units: distances on screen
        along = ax * dx + ay * dy
        if along <= 0:
            continue
        across = abs(ax * dy - ay * dx)
        cost = math.hypot(along, across) * (1 if across <= along * math.sqrt(3) else 4)
        if best is None or cost < best[0]:
            best = (cost, place)
    return best[1] if best else None


def coastlines_in(view: View) -> list[tuple[tuple[float, float], ...]]:
    """The shoreline rings ((longitude, latitude) points) touching what ``view`` shows; crude data
    for wide views, finer for close ones; none when the optional data is not installed."""
    north, west = view.unproject(0, 0)
    south, east = view.unproject(view.width, view.height)
    resolution = "c" if view.degrees_per_row > 1.0 else "l"
    if east - west >= 360:
        west, east = -180.0, 180.0
    boxes = [(west, east)]
    if west < -180:
        boxes = [(west + 360, 180.0), (-180.0, east)]
    elif east > 180:
        boxes = [(west, 180.0), (-180.0, east - 360)]
    rings: list[tuple[tuple[float, float], ...]] = []
    for low, high in boxes:
        rings += [p.points for p in coastline.in_box(south, north, low, high, resolution)]
    return rings
