"""The search API: the one door between the index and its users (the CLI and the Textual app).

session = Session.open()            # the shipped corpus; builds or updates the index first
snapshot = session.current          # the corpus as the last sync left it (see :mod:`index.session`)
results = snapshot.search("Kozhemyako")
snapshot.article(results.hits[0].id)
views.timeline(snapshot)            # the analyst views: functions of a snapshot

It names the session, the snapshot, the values they give, the errors and the wording of results;
the rest is in namespaces, each a module naming what the UI may use of one area:
:mod:`~index.api_views` (the analyst's views and their values), :mod:`~index.api_keeping` (the
dossier writer, the checker, the watcher), :mod:`~index.api_strings` (plurals, folding, sentences,
safe text) and :mod:`~index.api_schema` (the kinds, types and fields). ``views`` and ``keeping``
come on first use: a search needs neither.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dossier.index import api_schema as schema
from dossier.index import api_strings as strings
from dossier.index.corpus.articles import Article, Corpus, default_corpus
from dossier.index.dossiers.schema import Claim, Dossier
from dossier.index.errors import DossierError, SearchCancelled
from dossier.index.first_use import on_first_use
from dossier.index.pages import (
    ArticleMention,
    ArticlePage,
    DossierPage,
    Link,
    MentionPage,
    UnknownDossier,
)
from dossier.index.problems import Problem
from dossier.index.search import wording
from dossier.index.search.engine import Hit, Results, Sort
from dossier.index.search.highlight import Snippet, Span, TermMatcher
from dossier.index.session import Keeper, Session, Snapshot
from dossier.index.text.linking import Mention

if TYPE_CHECKING:  # (exported through _ON_FIRST_USE, which ruff does not read: hence the noqa)
    from dossier.index import api_keeping as keeping  # noqa: F401
    from dossier.index import api_views as views  # noqa: F401
    from dossier.index.search_process import SearchRunner  # noqa: F401

#: What comes on first use (the namespaces, the searches' child process): name -> (module under
#: dossier.index, its name there or "" for the module itself).
_ON_FIRST_USE: dict[str, tuple[str, str]] = {
    "SearchRunner": ("search_process", "SearchRunner"),
    "keeping": ("api_keeping", ""),
    "views": ("api_views", ""),
}

if not TYPE_CHECKING:  # (so that mypy reads the names above, and no others)
    __getattr__ = on_first_use(__name__, _ON_FIRST_USE)

__all__ = [  # the session and its values, the errors and wording, then the namespaces
    "Article",
    "ArticleMention",
    "ArticlePage",
    "Claim",
    "Corpus",
    "Dossier",
    "DossierError",
    "DossierPage",
    "Hit",
    "Keeper",
    "Link",
    "Mention",
    "MentionPage",
    "Problem",
    "Results",
    "SearchCancelled",
    "Session",
    "Snapshot",
    "Snippet",
    "Sort",
    "Span",
    "TermMatcher",
    "UnknownDossier",
    "default_corpus",
    "wording",
    "schema",
    "strings",
    *_ON_FIRST_USE,
]
