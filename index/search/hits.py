"""One hit of a search: what it shows, made from an index document's stored fields, its snippet
worked out when first asked for."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from dossier.index.corpus.metadata import date_label
from dossier.index.search.documents import (
    ARTICLE,
    DOSSIER,
    stored_authors,
    stored_date_flags,
    stored_mentions,
)
from dossier.index.search.highlight import SNIPPET_SPANS, Snippet, TermMatcher, snippet


@dataclass(frozen=True)
class _SnippetSource:
    """What a hit's snippet is made from, kept until the snippet is first asked for."""

    body: str = ""
    mentions_json: str = "[]"
    matcher: TermMatcher = field(default_factory=TermMatcher)
    skip: int = 0
    aliases: tuple[str, ...] = ()  # a dossier's aliases, when the query matched none of its name

    def snippet(self) -> Snippet:
        mentions = stored_mentions({"mentions": self.mentions_json})
        spans = self.matcher.spans(self.body, mentions, limit=SNIPPET_SPANS) if self.matcher else []
        excerpt = snippet(self.body, spans, skip=self.skip)
        return _with_alias(excerpt, list(self.aliases), self.matcher) if self.aliases else excerpt


@dataclass(frozen=True)
class Hit:
    """One ranked result, article or dossier. Its snippet is worked out when first asked for: of a
    list of 100 hits, a screenful is shown."""

    kind: str
    id: str
    title: str
    path: str
    date: str | None
    score: float
    type: str = ARTICLE
    title_spans: tuple[tuple[int, int], ...] = ()
    fuzzy: bool = False
    date_conflict: str | None = None  # the printed date, when it contradicts the article's metadata
    date_inferred: bool = False  # the date was inferred (see seeds/metadata.yaml), not printed
    authors: tuple[str, ...] = ()  # an article's, from its metadata
    duplicates: tuple[
        str, ...
    ] = ()  # the ids of an article's copies, shown once (see index.indexing.duplicates)
    source: _SnippetSource = field(default_factory=_SnippetSource, repr=False, compare=False)

    @cached_property
    def snippet(self) -> Snippet:
        """A one-line excerpt with the query's matches marked."""
        return self.source.snippet()

    @property
    def date_label(self) -> str:
        """The date as shown, flagged when inferred or contradicted by the printed one."""
        return date_label(self.date, self.date_inferred, self.date_conflict)

    def to_json(self) -> dict[str, Any]:
        """The ``dossier search --json`` form."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "path": self.path,
            "date": self.date,
            "score": round(self.score, 4),
            "snippet": self.snippet.text,
            "highlights": [list(span) for span in self.snippet.spans],
            "authors": list(self.authors),
            "duplicates": list(self.duplicates),
        }
        if self.kind == DOSSIER:
            out["type"] = self.type
        if self.fuzzy:
            out["fuzzy"] = True
        if self.date_inferred:
            out["date_inferred"] = True
        if self.date_conflict:
            out["printed_date"] = self.date_conflict
        return out


def to_hit(fields: dict[str, Any], score: float, matcher: TermMatcher, fuzzy: bool = False) -> Hit:
    """A hit from stored fields, with spans of ``matcher`` in its title and (when asked for) its
    snippet."""
    body, title = fields.get("body", ""), fields.get("title", "")
    skip = _after_title(body, title) if fields["kind"] == ARTICLE else 0
    title_spans = tuple(matcher.spans(title)) if matcher else ()
    aliases = (
        fields.get("name", "").split("\n")[1:]
        if fields["kind"] == DOSSIER and matcher and not title_spans
        else []
    )
    return Hit(
        kind=fields["kind"],
        id=fields["id"],
        title=title,
        path=fields.get("path", ""),
        date=fields.get("date") or None,
        score=score,
        type=fields.get("type", ARTICLE),
        title_spans=title_spans,
        fuzzy=fuzzy,
        **stored_date_flags(fields),
        authors=stored_authors(fields),
        source=_SnippetSource(body, fields.get("mentions") or "[]", matcher, skip, tuple(aliases)),
    )


def _with_alias(excerpt: Snippet, aliases: list[str], matcher: TermMatcher) -> Snippet:
    """A dossier found by an alias its name does not contain: the snippet starts with that alias,
    highlighted (the alias most covered by the query, then the longest)."""
    found = [(alias, spans) for alias in aliases if (spans := matcher.spans(alias))]
    if not found:
        return excerpt
    alias, spans = max(found, key=lambda f: (sum(e - s for s, e in f[1]) / len(f[0]), len(f[0])))
    head = f"aka {alias} · "
    shifted = [(s + 4, e + 4) for s, e in spans] + [
        (s + len(head), e + len(head)) for s, e in excerpt.spans
    ]
    return Snippet(head + excerpt.text, tuple(shifted))


def _after_title(body: str, title: str) -> int:
    """Where the text after the title begins, for snippets that should not repeat it."""
    head = title.rstrip("…")
    found = body.find(head)
    return found + len(head) if found != -1 else 0
