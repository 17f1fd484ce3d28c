"""``api.schema``: the names of the corpus's kinds and fields the UI may use: the two kinds of
document, the dossier types, their attributes and relation types, and the variable naming the
corpus."""

from dossier.index.corpus.articles import CORPUS_ENV
from dossier.index.dossiers.schema import ATTRIBUTES, LINK_ATTRIBUTES, RELATION_TYPES, TYPES
from dossier.index.search.documents import ARTICLE, DOSSIER

__all__ = [
    "ARTICLE",
    "ATTRIBUTES",
    "CORPUS_ENV",
    "DOSSIER",
    "LINK_ATTRIBUTES",
    "RELATION_TYPES",
    "TYPES",
]
