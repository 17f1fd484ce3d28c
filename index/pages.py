"""What a snapshot (:class:`dossier.index.session.Snapshot`) hands out beyond articles and dossiers:
pages for the reader and dossier views, relations seen from either end, and the helpers that place a
quote or a printed date in an article."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dossier.index.corpus.articles import Article
from dossier.index.dossiers.schema import INVERSE_LABELS, Relation
from dossier.index.errors import DossierError
from dossier.index.search.highlight import Span
from dossier.index.text.analysis import words
from dossier.index.text.linking import Mention
from dossier.index.text.sentences import sentence_bounds

if TYPE_CHECKING:  # imported when first used: a search needs none of it
    from dossier.index.views.disagreements import PrintedDate


@dataclass(frozen=True)
class ArticleMention:
    """Where an article names a dossier, with the sentence around it (offsets into the article
    body)."""

    article_id: str
    article_title: str
    start: int
    end: int
    sentence: tuple[int, int]
    sentence_text: str

    @property
    def span_in_sentence(self) -> Span:
        return self.start - self.sentence[0], self.end - self.sentence[0]


def inverse_label(relation_type: str) -> str:
    """How a relation reads from its target's side ("led by" for leader_of)."""
    return INVERSE_LABELS.get(relation_type, relation_type.replace("_", " "))


@dataclass(frozen=True)
class ArticlePage:
    """What the reader shows: the article, the spans a query matched, and the dossiers it names."""

    article: Article
    matches: list[Span]
    mentions: list[Mention]
    copies: list[str] = dataclasses.field(default_factory=list)  # ids of its exact or near copies


@dataclass(frozen=True)
class MentionPage:
    """Some of the mentions of a dossier, and how many articles mention it in all."""

    mentions: list[ArticleMention]
    articles: int


@dataclass(frozen=True)
class DossierPage:
    """What a dossier page shows beyond the dossier itself: relations both ways, the titles of the
    claims' sources (None: no such article), and the first page of mentions."""

    links: list[Link]
    source_titles: dict[str, str | None]
    mentions: MentionPage


@dataclass(frozen=True)
class Link:
    """A relation seen from one end: ``incoming`` when another dossier points at this one."""

    relation: Relation
    other: str
    incoming: bool

    @property
    def label(self) -> str:
        """The relation as read from this end: "leader of" one way, "led by" the other."""
        kind = self.relation.type
        return INVERSE_LABELS[kind] if self.incoming else kind.replace("_", " ")


class UnknownDossier(DossierError):
    """No dossier has the id, name or alias asked for."""


def printed_date_of(article: Article, printed: str, date: str) -> PrintedDate:
    """An article's printed date against its metadata date, with the sentence that prints it."""
    from dossier.index.views.disagreements import PrintedDate

    at = article.body.find(printed)
    start, end = sentence_bounds(article.body, at, at + len(printed)) if at >= 0 else (0, 0)
    return PrintedDate(
        article.id,
        article.title,
        printed,
        date,
        article.date_inferred or "",
        article.body[start:end].strip() or None,
        (at, at + len(printed)) if at >= 0 else None,
    )


def find_folded(text: str, needle: str) -> Span | None:
    """The span of ``text`` equal to ``needle`` modulo folding, or None."""
    wanted = [w for w, _, _ in words(needle)]
    tokens = words(text)
    if not wanted:
        return None
    for i in range(len(tokens) - len(wanted) + 1):
        if all(tokens[i + k][0] == wanted[k] for k in range(len(wanted))):
            return tokens[i][1], tokens[i + len(wanted) - 1][2]
    return None
