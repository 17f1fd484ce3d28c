"""The search API: the one door between the index and its users (the CLI and the Textual app).

session = Session.open()            # the shipped corpus; builds or updates the index first
snapshot = session.current          # the corpus as the last sync left it (see :mod:`index.session`)
results = snapshot.search("Kozhemyako")
snapshot.article(results.hits[0].id)
views.timeline(snapshot)            # the analyst views: functions of a snapshot
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from dossier.index.corpus.articles import CORPUS_ENV, Article, Corpus, default_corpus
from dossier.index.dossiers.schema import (
    ATTRIBUTES,
    LINK_ATTRIBUTES,
    RELATION_TYPES,
    TYPES,
    Claim,
    Dossier,
    Relation,
)
from dossier.index.errors import DossierError, SearchCancelled
from dossier.index.indexing.sync_report import SyncReport
from dossier.index.pages import (
    ArticleMention,
    ArticlePage,
    DossierPage,
    Link,
    MentionPage,
    UnknownDossier,
    inverse_label,
)
from dossier.index.problems import Problem
from dossier.index.search import wording
from dossier.index.search.documents import ARTICLE, DOSSIER
from dossier.index.search.engine import Cancelled, Hit, Results, Sort, kind_counts
from dossier.index.search.highlight import Snippet, Span, TermMatcher
from dossier.index.session import Keeper, Session, Snapshot
from dossier.index.text.analysis import fold
from dossier.index.text.linking import Mention
from dossier.index.text.safe_text import safe_text
from dossier.index.text.sentences import sentences
from dossier.index.text.wording import plural

# At run time these come on first use (see __getattr__): a search needs none of them
if TYPE_CHECKING:  # (exported through _ON_FIRST_USE, which ruff does not read: hence the noqa)
    from dossier.index import snapshot_views as views  # noqa: F401
    from dossier.index.corpus.watch import watch_corpus  # noqa: F401
    from dossier.index.dossiers.check import check_corpus, summary_line  # noqa: F401
    from dossier.index.dossiers.writer import (  # noqa: F401
        DossierWriter,
        FileSnapshot,
        NewClaim,
        NewRelation,
        WriteResult,
        derive_id,
    )
    from dossier.index.views.coastline import available as coastline_data_installed  # noqa: F401
    from dossier.index.views.disagreements import KIND_LABELS, Disagreement, PrintedDate, Side  # noqa: F401
    from dossier.index.views.export import (  # noqa: F401
        FORMATS,
        SUFFIXES,
        ExportFailed,
        export_contents,
        export_message,
        write_export,
    )
    from dossier.index.views.geo import Place, View, cluster, coastlines_in, default_view  # noqa: F401
    from dossier.index.views.geo import step as step_between  # noqa: F401
    from dossier.index.views.pins import Pin, PinStore, PinsUnavailable, data_root  # noqa: F401
    from dossier.index.views.relations import Graph, Neighbour  # noqa: F401
    from dossier.index.views.timeline import TimelineEntry  # noqa: F401
    from dossier.index.views.unlinked import Context, UnlinkedName, name_spans  # noqa: F401

#: Names this module hands out from modules the search path does not need: name -> (module, name there).
_ON_FIRST_USE: dict[str, tuple[str, str]] = {
    **{name: ("dossiers.check", name) for name in ("check_corpus", "summary_line")},
    "coastline_data_installed": ("views.coastline", "available"),
    "watch_corpus": ("corpus.watch", "watch_corpus"),
    **{
        name: ("views.disagreements", name)
        for name in ("KIND_LABELS", "Disagreement", "PrintedDate", "Side")
    },
    **{
        name: ("dossiers.writer", name)
        for name in (
            "DossierWriter",
            "NewClaim",
            "NewRelation",
            "FileSnapshot",
            "WriteResult",
            "derive_id",
        )
    },
    **{
        name: ("views.export", name)
        for name in (
            "FORMATS",
            "SUFFIXES",
            "ExportFailed",
            "export_contents",
            "export_message",
            "write_export",
        )
    },
    **{
        name: ("views.geo", name)
        for name in ("Place", "View", "cluster", "coastlines_in", "default_view")
    },
    "step_between": ("views.geo", "step"),
    **{name: ("views.pins", name) for name in ("Pin", "PinStore", "PinsUnavailable", "data_root")},
    **{name: ("views.relations", name) for name in ("Graph", "Neighbour")},
    "TimelineEntry": ("views.timeline", "TimelineEntry"),
    "views": ("snapshot_views", ""),  # the module itself
    "SearchRunner": ("search.process", "SearchRunner"),
    **{name: ("views.unlinked", name) for name in ("Context", "UnlinkedName", "name_spans")},
}


def __getattr__(name: str) -> Any:
    """A name of :data:`_ON_FIRST_USE` (a module's name, or the module where the name there is empty),
    imported the first time it is asked for (``dossier search`` starts
    without YAML writers, exporters, maps or file watchers)."""
    if name not in _ON_FIRST_USE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _ON_FIRST_USE[name]
    value = importlib.import_module(f"dossier.index.{module}")
    if attribute:
        value = getattr(value, attribute)
    globals()[name] = value
    return value


__all__ = [  # what comes with this module (one a line: several people add names here), then what comes on first use
    "ARTICLE",
    "ATTRIBUTES",
    "CORPUS_ENV",
    "DOSSIER",
    "LINK_ATTRIBUTES",
    "RELATION_TYPES",
    "TYPES",
    "Article",
    "ArticleMention",
    "ArticlePage",
    "Cancelled",
    "Claim",
    "Corpus",
    "Dossier",
    "DossierError",
    "DossierPage",
    "Hit",
    "Link",
    "Mention",
    "MentionPage",
    "Problem",
    "Relation",
    "Results",
    "SearchCancelled",
    "Snippet",
    "Sort",
    "Span",
    "SyncReport",
    "TermMatcher",
    "UnknownDossier",
    "Keeper",
    "Session",
    "Snapshot",
    "default_corpus",
    "fold",
    "inverse_label",
    "kind_counts",
    "plural",
    "safe_text",
    "sentences",
    "wording",
    *_ON_FIRST_USE,
]
