"""Adding corpus files to a Whoosh writer: read, link, sketch for duplicates, collect the batch's
vocabulary.

The same feed runs in the process that holds the index and in the helper processes of a parallel
build (:mod:`~dossier.index.indexing.build_helpers`), so a file is indexed the same way whichever
process reads it; a helper's vocabulary joins the holder's, so a parallel build's single vocabulary
document is the one a build in one process writes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from dossier.index.corpus.metadata import MetadataFile
from dossier.index.corpus.readers import load_file
from dossier.index.indexing.duplicates import Sketch, sketch
from dossier.index.indexing.manifest import meta_digest
from dossier.index.problems import Problem
from dossier.index.search.documents import ARTICLE, article_document, vocabulary_document
from dossier.index.text.analysis import lower_case_words, words
from dossier.index.text.linking import Linker


@dataclass
class FileOutcome:
    """What indexing one file gave, for its manifest entry: the articles' ids, their problems as
    stored rows, and the digest of their metadata entries."""

    ids: list[str]
    problems: list[list[Any]]
    meta: str


@dataclass
class ArticleFeed:
    """Feeds files' articles to ``writer`` (``clear``: an empty index, so documents are added, not
    updated).

    The batch's distinct spellings are kept in :attr:`vocabulary` (and those written in lower case
    somewhere, so not names, in :attr:`lower`) and written as one vocabulary document by
    :meth:`finish`; the duplicate sketches of the articles added are kept in :attr:`sketches`.
    """

    writer: Any
    linker: Linker
    metadata: MetadataFile
    clear: bool
    #: Ids of files that give one article: a mailbox's message with one of them is skipped (see
    #: SyncPlan).
    claimed: frozenset[str] = frozenset()
    sketches: dict[str, Sketch] = field(default_factory=dict)
    vocabulary: set[str] = field(default_factory=set)
    lower: set[str] = field(default_factory=set)

    def add(self, path: Path, doc_id: str, before: set[str]) -> FileOutcome:
        """Index the articles of the file at ``path`` (whose id is ``doc_id``), deleting those of
        ``before`` (the ids it gave last time) it no longer gives."""
        articles, problems = load_file(path, doc_id)
        if self.claimed:
            problems += [
                Problem.whole_file(path, f"message {a.id!r} skipped: a file has that id")
                for a in articles
                if a.id != doc_id and a.id in self.claimed
            ]
            articles = [a for a in articles if a.id == doc_id or a.id not in self.claimed]
        ids = [article.id for article in articles]
        for gone in before.difference(ids):
            if (
                gone == doc_id or gone not in self.claimed
            ):  # a message's id a file took is that file's now
                self.writer.delete_by_term("key", f"{ARTICLE}:{gone}")
        add = self.writer.add_document if self.clear else self.writer.update_document
        for article in articles:
            article = article.with_meta(self.metadata.meta_for(article.id))
            tokens = words(article.body)  # one pass feeds linking, the vocabulary and the sketch
            folded = list(map(itemgetter(0), tokens))
            self.vocabulary.update(folded)
            self.vocabulary.update(word for word, _, _ in words(article.title))
            self.lower.update(lower_case_words(article.body))
            self.sketches[article.id] = sketch(article.body, folded)
            add(**article_document(article, self.linker.mentions(article.body, tokens=tokens)))
        return FileOutcome(
            ids, [p.row() for p in problems], meta_digest(self.metadata, ids or [doc_id])
        )

    def finish(self) -> None:
        """Add the batch's vocabulary document."""
        if self.vocabulary:
            self.writer.add_document(
                **vocabulary_document(f"{time.time_ns():x}", self.vocabulary, self.lower)
            )
