"""From what the user typed to a Whoosh query.

The language: words are ANDed; ``"phrases"``, ``OR``, ``NOT``, ``( )``,
``title:``/``date:``/``entity:``/ ``kind:``/``type:`` fields, ``prefix*`` and ``word~`` fuzzy. A
word or phrase that names a dossier also matches every article linked to it (``Kozhemyako`` finds
"Kozemayako"), and so does a name typed without spaces (``kimjongun``), one typed with a typo
(``Kozhemyaka``) and an acronym typed in capitals (``US``, ``UN``: searched only where the text
writes it in capitals). Question and function words (``who``, ``did``) never veto a hit. Syntax that
does not parse falls back to the plain words, never an error.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import islice

from whoosh import query as wq
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser, SingleQuotePlugin
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from dossier.index.search.documents import DOSSIER
from dossier.index.search.highlight import TermMatcher
from dossier.index.search.name_lookup import NameLookup, Resolved
from dossier.index.search.query_notes import date_problems, empty_query_problem
from dossier.index.search.schema import (
    ACRONYM_FIELD,
    LOWER_FIELD,
    MENTIONED_FIELD,
    SEARCH_FIELDS,
    WORDS_FIELD,
)
from dossier.index.search.whoosh_raw import ScaledTerm
from dossier.index.text.analysis import NAME_MARK, fold_word, name_term, stem, words
from dossier.index.text.linking import ACRONYM, Linker

#: The most words one query's patterns (``*a*``, ``k*``) expand to, in lexicon order, and the most
#: postings (documents per stem, summed) those words may bring: past either, a pattern is searched
#: for its first words only, and the results say so. (``*a*`` over 10 000 articles scored 2 million
#: postings: 10 s; 100 000: ~1 s.)
MAX_PATTERN_WORDS = 1000
MAX_PATTERN_POSTINGS = 100_000
#: Longer words are not retried fuzzily (the edit automaton of a 10 000-letter word took 19 s).
MAX_FUZZY_LETTERS = 32

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

_ARTICLE_TEXT = ("title", "body")
_PROSE = (
    "title",
    "body",
    "notes",
)  # the stemmed fields, where a capitalised word is also indexed marked
OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}
WORD = re.compile(r"\w+")
_QUOTED = re.compile(r'"[^"]*"')
SYNTAX_CHUNK = re.compile(r"\S*[:*?~^\[\]{}]\S*")
_EMPTY_FIELD = re.compile(r"\b\w+:(?=\s|$|\))")
_FIELD = re.compile(r"(?<![\w:])(\w+):")
#: A hyphenated compound whose parts all have two letters or more (``Al-Qaeda``, ``co-operate``; not
#: ``e-mail``).
_COMPOUND = re.compile(r"\b[^\W\d_]{2,}(?:-[^\W\d_]{2,})+\b")

#: When the query is nothing but names: what the dossier named adds to its score (enough to put it
#: first), and the weight of the articles' mentions of it (a mention scores 1 to 2, see
#: :mod:`index.search.ranking`), enough to put them right after it. When the query says more, the
#: rest of the words decide.
NAMED_DOSSIER, NAMED_MENTIONS = 100.0, 25.0
AMONG_DOSSIER, AMONG_MENTIONS = 0.5, 1.0

#: Words that ask or glue rather than say: in a query they add to a hit's score but never veto it.
FUNCTION_WORDS = frozenset(
    {
        "who",
        "whom",
        "whose",
        "what",
        "which",
        "where",
        "when",
        "why",
        "how",
        "did",
        "does",
        "do",
        "done",
        "was",
        "were",
        "has",
        "had",
        "been",
        "being",
        "would",
        "could",
        "should",
        "shall",
        "might",
        "must",
        "they",
        "them",
        "their",
        "theirs",
        "he",
        "him",
        "his",
        "she",
        "her",
        "hers",
        "its",
        "i",
        "me",
        "my",
        "mine",
        "our",
        "ours",
        "there",
        "here",
        "then",
        "than",
        "about",
        "into",
        "any",
        "some",
    }
)
_FUNCTION_FORMS = FUNCTION_WORDS | {stem(w) for w in FUNCTION_WORDS}

#: ``known(field, term)``: whether the index holds ``term`` in ``field``.
Known = Callable[[str, str], bool]


def _nothing_known(field: str, term: str) -> bool:
    return False


@dataclass(frozen=True)
class ParsedQuery:
    """A Whoosh query and how it was obtained."""

    text: str
    query: wq.Query
    fallback: bool = False  # the syntax did not parse: these are the plain words
    fuzzy: bool = False
    #: Words typed that were searched as something else: (as typed, as searched), e.g. a misspelt
    #: name.
    corrected: tuple[tuple[str, str], ...] = ()
    #: Why nothing can be searched (stop words only, no words): said instead of results.
    problem: str | None = None
    #: What the user should know about the query (an impossible date).
    notes: tuple[str, ...] = ()

    @property
    def corrected_text(self) -> str | None:
        """The query as it was searched, when a word was taken for another (``Putinn`` ->
        ``Putin``)."""
        text = self.text
        for typed, meant in self.corrected:
            text = re.sub(
                rf"(?<!\w){re.escape(typed)}(?!\w)", meant.replace("\\", r"\\"), text
            )  # literally
        return text if self.corrected else None


class QueryBuilder:
    """Parses user queries against one schema and one set of dossier names."""

    def __init__(self, schema, linker: Linker, names: NameLookup | None = None) -> None:
        self._linker = linker
        self._names = names or NameLookup([])
        self._fields = frozenset(schema.names())
        self._parser = MultifieldParser(
            list(SEARCH_FIELDS), schema
        )  # field weights: see index.search.ranking
        self._parser.remove_plugin_class(
            SingleQuotePlugin
        )  # apostrophes are in names: "Workers' Party"
        self._parser.add_plugin(FuzzyTermPlugin())

    def parse(self, text: str, known: Known = _nothing_known) -> ParsedQuery:
        """The query for ``text``; ``fallback`` is set when the syntax was broken. ``known`` tells
        which words the index holds: only an unknown word is taken for a name typed without spaces
        or with a typo."""
        text = _LONE_SURROGATE.sub("", text)  # no term can hold one (Whoosh stores terms as UTF-8)
        if text.strip() == "*":
            return ParsedQuery(text, wq.Every())
        if not WORD.search(text):
            return ParsedQuery(text, wq.NullQuery, problem=empty_query_problem(text))
        notes = tuple(date_problems(text))
        if well_formed(text, self._fields):
            try:
                parsed = self._parse(text, known)
            except Exception:  # Whoosh raises assorted errors on odd input; plain words never fail
                parsed = None
            if parsed is not None and parsed[0] is not wq.NullQuery:
                return ParsedQuery(text, parsed[0], corrected=parsed[1], notes=notes)
        plain = plain_words(text)
        q, corrected = self._parse(plain, known) if plain else (wq.NullQuery, ())
        if q is wq.NullQuery:
            return ParsedQuery(text, q, problem=empty_query_problem(text), notes=notes)
        return ParsedQuery(text, q, fallback=True, corrected=corrected, notes=notes)

    def _parse(self, text: str, known: Known) -> tuple[wq.Query, tuple[tuple[str, str], ...]]:
        """Names rewritten in the text (:meth:`_expand`), Whoosh's parse, then the query rewritten
        in order: patterns on the unstemmed words, capitalised names as themselves, dossiers' names
        cheap and ranked, fuzzy words scored, function words optional. (Patterns become stems at
        search time, on the index read: :func:`patterns_as_stems`.)"""
        expanded, only_names, marks, corrected = self._expand(text, known)
        boosts = (NAMED_DOSSIER, NAMED_MENTIONS) if only_names else (AMONG_DOSSIER, AMONG_MENTIONS)
        rewrites: list[Callable[[wq.Query], wq.Query]] = [
            _patterns_on_words,
            lambda q: _as_names(q, marks),
            lambda q: _named(q, *boosts),
            _fuzzy_scored,
            _function_words_optional,
        ]
        q = self._parser.parse(expanded)
        for rewrite in rewrites:
            q = rewrite(q)
        return q, corrected

    def _expand(
        self, text: str, known: Known
    ) -> tuple[str, bool, dict[str, str], tuple[tuple[str, str], ...]]:
        """Rewrite, outside quotes and field syntax, every name of a dossier as ``(name OR
        mentioned:id)``, every acronym typed in capitals as ``acronym:xx`` and every compound as
        itself or its words in a row; and say whether the query is nothing but names, which stems
        stand for a capitalised name typed (see :func:`_as_names`) and which words were taken for a
        name spelt otherwise."""
        protected = [m.span() for m in _QUOTED.finditer(text)] + [
            m.span() for m in SYNTAX_CHUNK.finditer(text)
        ]
        shouting = text.isupper() and len(text.split()) > 2  # "KIM JONG UN": capitals, not acronyms
        edits = self._name_edits(text, protected, shouting)
        taken = protected + [(edit.start, edit.end) for edit in edits]
        edits += _compound_edits(text, taken)
        typed = self._word_edits(text, taken, known, shouting)
        edits += typed.edits
        rest = text
        for edit in edits:
            if edit.entity is not None:
                rest = rest[: edit.start] + " " * (edit.end - edit.start) + rest[edit.end :]
        only_names = any(edit.entity for edit in edits) and not words(plain_words(rest))
        for edit in sorted(
            edits, key=lambda edit: (edit.start, edit.end, edit.search), reverse=True
        ):
            search = edit.search
            if edit.entity is not None:
                search = f"({search} OR {MENTIONED_FIELD}:{edit.entity})"
            text = f"{text[: edit.start]}{search}{text[edit.end :]}"
        return text, only_names, typed.marks, typed.corrected

    def _name_edits(self, text: str, protected: list[Span], shouting: bool) -> list[_Edit]:
        """The names of dossiers the linker finds outside ``protected`` spans, and the quoted
        ones."""
        edits = []
        for m in self._linker.mentions(text, nested=False):
            if not _overlaps(m.start, m.end, protected):
                name = text[m.start : m.end]
                acronym = ACRONYM.match(name) and not shouting
                search = f"{ACRONYM_FIELD}:{name}" if acronym else _together(name)
                edits.append(_Edit(m.start, m.end, search, m.entity))
        for match in _QUOTED.finditer(text):
            inner = match.group()[1:-1].strip()
            mentions = self._linker.mentions(inner, nested=False)
            if len(mentions) == 1 and (mentions[0].start, mentions[0].end) == (0, len(inner)):
                edits.append(_Edit(*match.span(), match.group(), mentions[0].entity))
        return edits

    def _word_edits(self, text: str, taken: list[Span], known: Known, shouting: bool) -> _WordEdits:
        """The words not ``taken``: those taken for a name (spelt otherwise, or an acronym), and the
        marked terms of capitalised names typed once."""
        found = _WordEdits()
        stems = Counter(stem(fold_word(w)) for w in WORD.findall(text))
        for match in WORD.finditer(text):
            word = match.group()
            if word in OPERATORS or _overlaps(match.start(), match.end(), taken):
                continue
            edit = self._resolve(word, known, shouting)
            if edit is not None:
                found.edits.append(_Edit(*match.span(), edit[0], edit[1]))
                if edit[1] is not None and edit[2]:
                    found.corrected += ((word, edit[2]),)
            elif (mark := _name_mark(word, known)) and stems[stem(fold_word(word))] == 1:
                found.marks[stem(fold_word(word))] = mark
        return found

    def _resolve(
        self, word: str, known: Known, shouting: bool
    ) -> tuple[str, str | None, str] | None:
        """What to search for a word the linker did not take: (the query text, the dossier it names,
        the name it was taken for when typed otherwise: ``Kozhemyaka``, ``kimjongun``)."""
        if ACRONYM.match(word) and not shouting:
            resolved = self._names.acronym(word)
            if resolved is not None or known(ACRONYM_FIELD, word.lower()):
                return f"{ACRONYM_FIELD}:{word}", resolved.entity if resolved else None, ""
            return None
        folded = fold_word(word)
        if known(WORDS_FIELD, folded):
            return None
        resolved = self._names.joined(folded) or self._names.near(folded)
        return (_or_name(word, resolved), resolved.entity, resolved.name) if resolved else None


#: A span of the query text: (start, end).
Span = tuple[int, int]


@dataclass(frozen=True)
class _Edit:
    """A span of the query text and what to search for it (``entity``: the dossier it names)."""

    start: int
    end: int
    search: str
    entity: str | None = None


@dataclass
class _WordEdits:
    """What :meth:`QueryBuilder._word_edits` finds."""

    edits: list[_Edit] = field(default_factory=list)
    marks: dict[str, str] = field(default_factory=dict)
    corrected: tuple[tuple[str, str], ...] = ()


def _overlaps(start: int, end: int, spans: list[Span]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _compound_edits(text: str, taken: list[Span]) -> list[_Edit]:
    """Each hyphenated compound not ``taken`` searched as itself or its words in a row (``taken``
    grows)."""
    edits = []
    for match in _COMPOUND.finditer(text):
        if not _overlaps(match.start(), match.end(), taken):
            spaced = match.group().replace("-", " ")
            edits.append(_Edit(*match.span(), f'({match.group()} OR "{spaced}")'))
            taken.append(match.span())
    return edits


def _name_mark(word: str, known: Known) -> str | None:
    """The marked term to search a word typed with a capital as itself (``Arsene`` -> ``^arsene``,
    not every word stemmed ``arsen``): when the articles write it with a capital and never in lower
    case (a name), and its stem is not the word itself. ``Energy`` stays ``energi``: the articles
    also write "energy"."""
    if not word[:1].isupper() or ACRONYM.match(word):
        return None
    folded = fold_word(word)
    mark = name_term(stem(folded), folded, word)
    if mark is None or known(LOWER_FIELD, folded):
        return None
    return mark if any(known(field, mark) for field in _PROSE) else None


def _as_names(q: wq.Query, marks: dict[str, str]) -> wq.Query:
    """Each stem of ``marks`` (a capitalised name typed) searched as the marked word in the prose
    fields, alone and in phrases: ``Arsene`` finds "Arsene" and not "Arsenal"."""
    if not marks:
        return q
    if type(q) is wq.Term and q.fieldname in _PROSE and q.text in marks:
        return wq.Term(q.fieldname, marks[q.text], boost=q.boost)
    if type(q) is wq.Phrase and q.fieldname in _PROSE and any(w in marks for w in q.words):
        return wq.Phrase(
            q.fieldname, [marks.get(w, w) for w in q.words], slop=q.slop, boost=q.boost
        )
    return q.apply(lambda sub: _as_names(sub, marks))


def _or_name(word: str, resolved: Resolved) -> str:
    """The word as typed or the name it was taken for (so the name is found and highlighted)."""
    name = plain_words(resolved.name)
    return f"({word} OR {_together(name)})"


def _together(name: str) -> str:
    """A name of several words as a phrase: implicit AND binds looser than OR."""
    return f'"{name}"' if len(WORD.findall(name)) > 1 and not name.startswith('"') else name


def _named(q: wq.Query, dossier: float, mentions: float) -> wq.Query:
    """``(name OR mentioned:id)`` made cheap and ranked: in articles the linker has marked every
    place the name occurs (``mentioned:id``), so the name's words and phrases are looked for in
    dossiers only (checking them in every article holding the words was most of a name query's time:
    Kim Jong Un at 10 000 articles); the mentions count ``mentions`` each (a :class:`ScaledTerm`),
    and the dossier ``id`` itself ``dossier``."""
    if not isinstance(q, wq.Or):
        return q.apply(lambda sub: _named(sub, dossier, mentions))
    linked = [
        sub for sub in q.subqueries if isinstance(sub, wq.Term) and sub.fieldname == MENTIONED_FIELD
    ]
    if not linked:
        return q.apply(lambda sub: _named(sub, dossier, mentions))
    kept = [
        sub
        for sub in q.subqueries
        if sub not in linked and getattr(sub, "fieldname", None) not in _ARTICLE_TEXT
    ]
    for term in linked:
        kept += [
            ScaledTerm(MENTIONED_FIELD, term.text, boost=mentions),
            wq.Term("key", f"{DOSSIER}:{term.text}", boost=dossier),
        ]
    return wq.Or(kept, boost=q.boost)


def _function_words_optional(q: wq.Query) -> wq.Query:
    """``where did they meet`` as ``meet``, with ``where``, ``did`` and ``they`` adding to the score
    only."""
    if not isinstance(q, wq.And):
        return q
    optional = [sub for sub in q.subqueries if _is_function_word(sub)]
    required = [sub for sub in q.subqueries if not _is_function_word(sub)]
    if not optional or not required:
        return q
    return wq.AndMaybe(required[0] if len(required) == 1 else wq.And(required), wq.Or(optional))


def _is_function_word(q: wq.Query) -> bool:
    return all(
        type(leaf) is wq.Term and leaf.fieldname in SEARCH_FIELDS and leaf.text in _FUNCTION_FORMS
        for leaf in q.leaves()
    )


def _fuzzy_scored(q: wq.Query) -> wq.Query:
    """Every ``word~`` scored by the weighting model (so by its field's weight), not as a
    constant."""
    return _scored(q) if isinstance(q, wq.FuzzyTerm) else q.apply(_fuzzy_scored)


def _scored(fuzzy: wq.FuzzyTerm) -> wq.FuzzyTerm:
    return wq.FuzzyTerm(
        fuzzy.fieldname,
        fuzzy.text,
        boost=fuzzy.boost,
        maxdist=fuzzy.maxdist,
        prefixlength=fuzzy.prefixlength,
        constantscore=False,
    )


def _patterns_on_words(q: wq.Query) -> wq.Query:
    """Point ``prefix*`` and ``w?ldcard`` patterns on the stemmed fields at the unstemmed words
    instead."""
    if isinstance(q, wq.PatternQuery) and q.fieldname in ("title", "body"):
        return type(q)(WORDS_FIELD, q.text, boost=q.boost)
    return q.apply(_patterns_on_words)


def patterns_as_stems(
    q: wq.Query, reader: IndexReader, capped: list[str] | None = None
) -> wq.Query:
    """Search a ``words`` pattern as the stems of the spellings it matches, in title and body.

    Articles keep their unstemmed words only in vocabulary documents, so the pattern is expanded
    there (the lexicon) and the documents are then found by the stems those words are indexed under.
    Words are taken in lexicon order within :data:`MAX_PATTERN_WORDS` and
    :data:`MAX_PATTERN_POSTINGS` for the whole query; a pattern cut short is added to ``capped``.
    """
    budget = [MAX_PATTERN_WORDS, MAX_PATTERN_POSTINGS]
    cut = [] if capped is None else capped

    def expand(q: wq.Query) -> wq.Query:
        if not (isinstance(q, wq.PatternQuery) and q.fieldname == WORDS_FIELD):
            return q.apply(expand)
        stems: set[str] = set()
        for _, btext in q.expanded_terms(reader):
            word = term_text(btext)
            if len(word) < 2 or stem(word) in stems:
                continue
            cost = sum(reader.doc_frequency(field, stem(word)) for field in ("title", "body"))
            if budget[0] < 1 or cost > budget[1]:
                cut.append(q.text)
                break
            stems.add(stem(word))
            budget[0] -= 1
            budget[1] -= cost
        terms: list[wq.Query] = [
            wq.Term(field, s) for s in sorted(stems) for field in ("title", "body")
        ]
        return wq.Or(terms, boost=q.boost) if terms else wq.NullQuery

    return expand(q)


def term_text(term: bytes | str) -> str:
    """A term as text (Whoosh gives bytes)."""
    return term.decode("utf-8") if isinstance(term, bytes) else term


def well_formed(text: str, fields: frozenset[str]) -> bool:
    """False for syntax Whoosh would misread: unbalanced quotes or brackets, dangling operators,
    empty or unknown fields (``http://…`` is words, not a field)."""
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
        if token in OPERATORS - {"NOT"} and (
            before in OPERATORS | {"("} or after in OPERATORS | {")"}
        ):
            return False
        if token == "NOT" and after in OPERATORS | {")"}:
            return False
        if token == "(" and after == ")":
            return False
    return True


def plain_words(text: str) -> str:
    """Only the words of ``text``, operators lower-cased so they are words again."""
    return " ".join(w.lower() if w in OPERATORS else w for w in WORD.findall(text))


def fuzzy_variant(parsed: ParsedQuery) -> ParsedQuery:
    """Every plain term made fuzzy: edit distance 1 for words up to 5 letters, 2 beyond."""

    def loosen(q: wq.Query) -> wq.Query:
        if type(q) is wq.Term and q.fieldname in SEARCH_FIELDS and len(q.text) <= MAX_FUZZY_LETTERS:
            distance = 1 if len(q.text) <= 5 else 2
            return _scored(
                wq.FuzzyTerm(q.fieldname, q.text, boost=q.boost, maxdist=distance, prefixlength=1)
            )
        return q.apply(loosen)

    return replace(parsed, query=loosen(parsed.query), fuzzy=True)


def matched_terms(parsed: ParsedQuery, searcher: Searcher) -> TermMatcher:
    """What to highlight: the index terms the query reached, expansions (prefix, fuzzy) included.

    (Whoosh's own ``Query.existing_terms`` reuses its ``fieldname`` argument as a loop variable and
    so drops every field but the first; this walks the leaves itself.)
    """
    reader = searcher.reader()
    found: dict[str, set[str]] = {
        "stems": set(),
        "names": set(),
        "entities": set(),
        "acronyms": set(),
    }
    bucket = {
        "title": "stems",
        "body": "stems",
        "notes": "stems",
        "name": "names",
        WORDS_FIELD: "names",
        "entity": "entities",
        MENTIONED_FIELD: "entities",
        ACRONYM_FIELD: "acronyms",
    }
    phrases: set[tuple[str, ...]] = set()
    for leaf in parsed.query.leaves():
        if isinstance(leaf, wq.Phrase):  # its words count together, not one by one
            if leaf.fieldname in bucket and all((leaf.fieldname, w) in reader for w in leaf.words):
                phrases.add(tuple(w.removeprefix(NAME_MARK) for w in leaf.words))
            continue
        for fieldname, term in islice(leaf.expanded_terms(reader), MAX_PATTERN_WORDS):
            word = term_text(term)
            if fieldname in bucket and (fieldname, word) in reader:
                if word.startswith(NAME_MARK):
                    found["names"].add(word[len(NAME_MARK) :])
                else:
                    found[bucket[fieldname]].add(
                        word.upper() if fieldname == ACRONYM_FIELD else word
                    )
    return TermMatcher(
        stems=frozenset(found["stems"]),
        names=frozenset(found["names"]),
        entities=frozenset(found["entities"]),
        acronyms=frozenset(found["acronyms"]),
        phrases=frozenset(phrases),
    )
