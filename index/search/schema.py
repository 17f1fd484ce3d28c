"""The Whoosh schema shared by articles and dossiers."""

from __future__ import annotations

from whoosh import query
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from dossier.index.text.analysis import acronym_analyzer, name_analyzer, text_analyzer

#: Bump when fields change: existing indexes are then rebuilt.
SCHEMA_VERSION = 9

#: Unstemmed words of title and body: what ``prefix*`` and ``w?ldcard`` patterns and did-you-mean
#: see (a stem such as "cooper" would hide "cooperat*"). Articles' words are kept in vocabulary
#: documents, one per indexing batch, not per article; a pattern is expanded on them and searched as
#: the words' stems.
WORDS_FIELD = "words"

#: Words the articles write in lower case somewhere (in the vocabulary documents too): a word typed
#: with a capital that is not among them is a name, searched as itself rather than by its stem (see
#: query._name_mark).
LOWER_FIELD = "lower"

#: Fields a bare word is searched in, and the weight each field's score is multiplied by. Articles
#: are the evidence: their title and body lead. A dossier is found by its names (``name``) and, far
#: behind the articles it quotes, by its summary and claims (``notes``).
SEARCH_FIELDS = ("title", "body", "name", "notes")
FIELD_BOOSTS = {"title": 2.0, "body": 1.0, "name": 0.5, "notes": 0.2}

#: The dossiers an article names, one term per mention, more for a mention in the title or first
#: paragraph: a query that names a dossier ranks the articles that mention it most first.
MENTIONED_FIELD = "mentioned"

#: Words written in capitals (``UN``, ``US``, ``DPRK``), lower-cased: where an acronym typed in
#: capitals is searched, so ``UN`` does not find the "Un" of "Kim Jong Un".
ACRONYM_FIELD = "acronym"
_RANGE_END = "~"  # sorts after digits and "-", so "2024" as a range end covers all of 2024


class DateField(ID):
    """An ISO date (``YYYY-MM-DD``) stored as a sortable term; ``date:2023`` and ``date:2023-09``
    mean the whole year or month, and ``date:[2023 TO 2024]`` a range of them."""

    def self_parsing(self) -> bool:
        return True

    def parse_query(self, fieldname: str, qstring: str, boost: float = 1.0) -> query.Query:
        if len(qstring) == len("YYYY-MM-DD"):
            return query.Term(fieldname, qstring, boost=boost)
        return query.Prefix(fieldname, qstring, boost=boost)

    def parse_range(
        self,
        fieldname: str,
        start: str | None,
        end: str | None,
        startexcl: bool,
        endexcl: bool,
        boost: float = 1.0,
    ) -> query.Query:
        if end is not None and len(end) < len("YYYY-MM-DD") and not endexcl:
            end += _RANGE_END
        return query.TermRange(fieldname, start, end, startexcl, endexcl, boost=boost)


def build_schema() -> Schema:
    """Articles and dossiers in one index; ``kind`` tells them apart.

    A dossier indexes its name in ``name`` and its prose in ``notes``, not in ``title``/``body``
    (where they are only stored, for display), so ``title:`` and ``body`` scores are the articles'
    own.
    """
    return Schema(
        key=ID(unique=True, stored=True),
        id=ID(stored=True, sortable=True),  # a column: lists sort by id without loading documents
        kind=ID(stored=True),
        type=ID(stored=True),
        title=TEXT(analyzer=text_analyzer(), stored=True),
        name=TEXT(analyzer=name_analyzer(), stored=True),
        body=TEXT(analyzer=text_analyzer(), stored=True),
        notes=TEXT(analyzer=text_analyzer()),
        words=TEXT(analyzer=name_analyzer(), phrase=False),
        lower=KEYWORD(),
        date=DateField(stored=True, sortable=True),
        path=STORED(),
        entity=KEYWORD(stored=True, commas=True, scorable=True),
        mentioned=KEYWORD(commas=True, scorable=True),
        acronym=TEXT(analyzer=acronym_analyzer(), phrase=False),
        mentions=STORED(),
        meta=STORED(),  # an article's metadata and printed date (JSON, see article_meta.stored)
    )
