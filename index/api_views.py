"""``api.views``: the analyst's views as functions of a snapshot (:mod:`index.snapshot_views`) and
the values they give: timeline entries, places and the map's view, the relations graph,
disagreements, unlinked names, pins and exports. The values come on first use, each with its view's
module."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dossier.index.first_use import on_first_use
from dossier.index.snapshot_views import (
    disagreements,
    export,
    graph,
    mention_counts,
    pins,
    places,
    save_export,
    timeline,
    unlinked_names,
)

if TYPE_CHECKING:  # (exported through _ON_FIRST_USE, which ruff does not read: hence the noqa)
    from dossier.index.views.coastline import available as coastline_data_installed  # noqa: F401
    from dossier.index.views.disagreements import KIND_LABELS, Disagreement, Side  # noqa: F401
    from dossier.index.views.export import (  # noqa: F401
        FORMATS,
        export_contents,
        export_message,
        write_export,
    )
    from dossier.index.views.geo import (  # noqa: F401
        Place,
        View,
        cluster,
        coastlines_in,
        default_view,
    )
    from dossier.index.views.geo import step as step_between  # noqa: F401
    from dossier.index.views.pins import Pin, PinStore  # noqa: F401
    from dossier.index.views.relations import Graph, Neighbour  # noqa: F401
    from dossier.index.views.timeline import TimelineEntry  # noqa: F401
    from dossier.index.views.unlinked import UnlinkedName, name_spans  # noqa: F401

#: name -> (module under dossier.index, name there).
_ON_FIRST_USE: dict[str, tuple[str, str]] = {
    "coastline_data_installed": ("views.coastline", "available"),
    **{name: ("views.disagreements", name) for name in ("KIND_LABELS", "Disagreement", "Side")},
    **{
        name: ("views.export", name)
        for name in ("FORMATS", "export_contents", "export_message", "write_export")
    },
    **{
        name: ("views.geo", name)
        for name in ("Place", "View", "cluster", "coastlines_in", "default_view")
    },
    "step_between": ("views.geo", "step"),
    **{name: ("views.pins", name) for name in ("Pin", "PinStore")},
    **{name: ("views.relations", name) for name in ("Graph", "Neighbour")},
    "TimelineEntry": ("views.timeline", "TimelineEntry"),
    **{name: ("views.unlinked", name) for name in ("UnlinkedName", "name_spans")},
}

if not TYPE_CHECKING:  # (so that mypy reads the names above, and no others)
    __getattr__ = on_first_use(__name__, _ON_FIRST_USE)

__all__ = [
    "disagreements",
    "export",
    "graph",
    "mention_counts",
    "pins",
    "places",
    "save_export",
    "timeline",
    "unlinked_names",
    *_ON_FIRST_USE,
]
