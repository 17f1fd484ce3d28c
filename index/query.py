"""From what the user typed to a Whoosh query.

The language: words are ANDed; ``"phrases"``, ``OR``, ``NOT``, ``( )``, ``title:``/``date:``/``entity:``/
``kind:``/``type:`` fields, ``prefix*`` and ``word~`` fuzzy. A word or phrase that names a dossier also
matches every article linked to it (``Kozhemyako`` finds "Kozemayako"). Syntax that does not parse falls
back to the plain words, never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser, SingleQuotePlugin
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from dossier.index.analysis import fold_word, stem, words
from dossier.index.documents import DOSSIER
from dossier.index.highlight import TermMatcher
from dossier.index.linking import Linker
from dossier.index.schema import FIELD_BOOSTS, MENTIONED_FIELD, SEARCH_FIELDS, WORDS_FIELD

_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}
_WORD = re.compile(r"\w+")
_QUOTED = re.compile(r'"[^"]*"')
_SYNTAX_CHUNK = re.compile(r"\S*[:*?~^\[\]{}]\S*")
_EMPTY_FIELD = re.compile(r"\b\w+:(?=\s|$|\))")
_FIELD = re.compile(r"(?<![\w:])(\w+):")

#: When the query is nothing but names: what the dossier named adds to its score (enough to put it first),
#: and the weight of the articles' mentions of it (a mention scores 1 to 2, see :mod:`index.ranking`), enough
#: to put them right after it. When the query says more, the rest of the words decide.
NAMED_DOSSIER, NAMED_MENTIONS = 100.0, 25.0
AMONG_DOSSIER, AMONG_MENTIONS = 0.5, 1.0


@dataclass(frozen=True)
class ParsedQuery:
    """A Whoosh query and how it was obtained."""

    text: str
    query: wq.Query
    fallback: bool = False  # the syntax did not parse: these are the plain words
    fuzzy: bool = False


class QueryBuilder:
    """Parses user queries against one schema and one set of dossier names."""

    def __init__(self, schema, linker: Linker) -> None:
        self._linker = linker
        self._fields = frozenset(schema.names())
        self._parser = MultifieldParser(list(SEARCH_FIELDS), schema, fieldboosts=FIELD_BOOSTS)
        self._parser.remove_plugin_class(SingleQuotePlugin)  # apostrophes are in names: "Workers' Party"
        self._parser.add_plugin(FuzzyTermPlugin())

    def parse(self, text: str) -> ParsedQuery:
        """The query for ``text``; ``fallback`` is set when the syntax was broken."""
        if well_formed(text, self._fields):
            try:
                parsed = self._parse(text)
            except Exception:  # Whoosh raises assorted errors on odd input; plain words never fail
                parsed = None
            if parsed is not None and parsed is not wq.NullQuery:
                return ParsedQuery(text, parsed)
        return ParsedQuery(text, self._parse(plain_words(text)), fallback=True)

    def _parse(self, text: str) -> wq.Query:
        expanded, only_names = self._expand(text)
        boosts = (NAMED_DOSSIER, NAMED_MENTIONS) if only_names else (AMONG_DOSSIER, AMONG_MENTIONS)
        return _named_dossiers(_patterns_on_words(self._parser.parse(expanded)), *boosts)

    def _expand(self, text: str) -> tuple[str, bool]:
        """Wrap every name of a dossier as ``(name OR mentioned:id)``, outside quotes and field syntax; and
        whether the query is nothing but such names."""
        protected = [m.span() for m in _QUOTED.finditer(text)] + [m.span() for m in _SYNTAX_CHUNK.finditer(text)]
        edits = [
            (m.start, m.end, m.entity)
            for m in self._linker.mentions(text, nested=False)
            if not any(s < m.end and m.start < e for s, e in protected)
        ]
        for match in _QUOTED.finditer(text):
            inner = match.group()[1:-1].strip()
            mentions = self._linker.mentions(inner, nested=False)
            if len(mentions) == 1 and (mentions[0].start, mentions[0].end) == (0, len(inner)):
                edits.append((match.start(), match.end(), mentions[0].entity))
        rest = text
        for start, end, _ in edits:
            rest = rest[:start] + " " * (end - start) + rest[end:]
        only_names = bool(edits) and not words(plain_words(rest))
        for start, end, entity in sorted(edits, reverse=True):
            name = text[start:end]
            if not name.startswith('"') and len(_WORD.findall(name)) > 1:
                name = f'"{name}"'  # implicit AND binds looser than OR: keep the name together
            text = f"{text[:start]}({name} OR {MENTIONED_FIELD}:{entity}){text[end:]}"
        return text, only_names


def _named_dossiers(q: wq.Query, dossier: float, mentions: float) -> wq.Query:
    """Each ``mentioned:id`` weighted ``mentions`` and also matching the dossier ``id`` itself, worth ``dossier``."""
    if isinstance(q, wq.Term) and q.fieldname == MENTIONED_FIELD:
        itself = wq.Term("key", f"{DOSSIER}:{q.text}", boost=dossier)
        return wq.Or([wq.Term(q.fieldname, q.text, boost=mentions), itself])
    return q.apply(lambda sub: _named_dossiers(sub, dossier, mentions))


def _patterns_on_words(q: wq.Query) -> wq.Query:
    """Point ``prefix*`` and ``w?ldcard`` patterns on the stemmed fields at the unstemmed words instead."""
    if isinstance(q, wq.PatternQuery) and q.fieldname in ("title", "body"):
        return type(q)(WORDS_FIELD, q.text, boost=q.boost)
    return q.apply(_patterns_on_words)


def patterns_as_stems(q: wq.Query, reader: IndexReader) -> wq.Query:
    """Search a ``words`` pattern as the stems of the spellings it matches, in title and body.

    Articles keep their unstemmed words only in vocabulary documents, so the pattern is expanded there (the
    lexicon) and the documents are then found by the stems those words are indexed under.
    """
    if isinstance(q, wq.PatternQuery) and q.fieldname == WORDS_FIELD:
        spellings = {_text(btext) for _, btext in q.expanded_terms(reader)}
        stems = sorted({stem(word) for word in spellings if len(word) > 1})
        terms: list[wq.Query] = [wq.Term(field, s) for s in stems for field in ("title", "body")]
        return wq.Or(terms, boost=q.boost) if terms else wq.NullQuery
    return q.apply(lambda child: patterns_as_stems(child, reader))


def _text(term: bytes | str) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def well_formed(text: str, fields: frozenset[str]) -> bool:
    """False for syntax Whoosh would misread: unbalanced quotes or brackets, dangling operators, empty or
    unknown fields (``http://…`` is words, not a field)."""
    unquoted = _QUOTED.sub("", text)
    if not text.strip() or text.count('"') % 2 or _EMPTY_FIELD.search(unquoted):
        return False
    if any(name not in fields for name in _FIELD.findall(unquoted)):
        return False
    depth = 0
    for char in _QUOTED.sub("", text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    if depth:
        return False
    tokens = _QUOTED.sub("x", text).replace("(", " ( ").replace(")", " ) ").split()
    for before, token, after in zip(["(", *tokens[:-1]], tokens, [*tokens[1:], ")"], strict=True):
        if token in _OPERATORS - {"NOT"} and (before in _OPERATORS | {"("} or after in _OPERATORS | {")"}):
            return False
        if token == "NOT" and after in _OPERATORS | {")"}:
            return False
        if token == "(" and after == ")":
            return False
    return True


def plain_words(text: str) -> str:
    """Only the words of ``text``, operators lower-cased so they are words again."""
    return " ".join(w.lower() if w in _OPERATORS else w for w in _WORD.findall(text))


def fuzzy_variant(parsed: ParsedQuery) -> ParsedQuery:
    """Every plain term made fuzzy: edit distance 1 for words up to 5 letters, 2 beyond."""

    def loosen(q: wq.Query) -> wq.Query:
        if type(q) is wq.Term and q.fieldname in SEARCH_FIELDS:
            distance = 1 if len(q.text) <= 5 else 2
            return wq.FuzzyTerm(q.fieldname, q.text, boost=q.boost, maxdist=distance, prefixlength=1)
        return q.apply(loosen)

    return ParsedQuery(parsed.text, loosen(parsed.query), parsed.fallback, fuzzy=True)


def matched_terms(parsed: ParsedQuery, searcher: Searcher) -> TermMatcher:
    """What to highlight: the index terms the query reached, expansions (prefix, fuzzy) included.

    (Whoosh's own ``Query.existing_terms`` reuses its ``fieldname`` argument as a loop variable and so
    drops every field but the first; this walks the leaves itself.)
    """
    reader = searcher.reader()
    found: dict[str, set[str]] = {"stems": set(), "names": set(), "entities": set()}
    bucket = {
        "title": "stems", "body": "stems", "notes": "stems", "name": "names", WORDS_FIELD: "names",
        "entity": "entities", MENTIONED_FIELD: "entities",
    }
    for leaf in parsed.query.leaves():
        for fieldname, term in leaf.expanded_terms(reader):
            word = _text(term)
            if fieldname in bucket and (fieldname, word) in reader:
                found[bucket[fieldname]].add(word)
    return TermMatcher(*(frozenset(found[k]) for k in ("stems", "names", "entities")))


def suggestion(parsed: ParsedQuery, searcher: Searcher) -> str | None:
    """A did-you-mean line: each word of the query replaced by its closest indexed spelling."""
    corrector = searcher.corrector(WORDS_FIELD)
    reader = searcher.reader()
    out, changed = [], False
    for word in plain_words(parsed.text).split():
        folded = fold_word(word)
        if (WORDS_FIELD, folded) in reader:
            out.append(word)
            continue
        options = corrector.suggest(folded, limit=1, maxdist=1 if len(folded) <= 5 else 2, prefix=1)
        if options and options[0] != folded:
            out.append(options[0])
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else None
