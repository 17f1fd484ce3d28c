"""The Whoosh schema shared by articles and dossiers."""

from __future__ import annotations

from whoosh import query
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from dossier.index.analysis import name_analyzer, text_analyzer

#: Bump when fields change: existing indexes are then rebuilt.
SCHEMA_VERSION = 3

#: Unstemmed words of title and body: what ``prefix*`` and ``w?ldcard`` patterns and did-you-mean see
#: (a stem such as "cooper" would hide "cooperat*").
WORDS_FIELD = "words"

#: Fields a bare word is searched in, and the extra weight BM25F gives each.
SEARCH_FIELDS = ("title", "body", "name")
FIELD_BOOSTS = {"title": 3.0, "body": 1.0, "name": 5.0}
_RANGE_END = "~"  # sorts after digits and "-", so "2024" as a range end covers all of 2024


class DateField(ID):
    """An ISO date (``YYYY-MM-DD``) stored as a sortable term; ``date:2023`` and ``date:2023-09`` mean the
    whole year or month, and ``date:[2023 TO 2024]`` a range of them."""

    def self_parsing(self) -> bool:
        return True

    def parse_query(self, fieldname: str, qstring: str, boost: float = 1.0) -> query.Query:
        if len(qstring) == len("YYYY-MM-DD"):
            return query.Term(fieldname, qstring, boost=boost)
        return query.Prefix(fieldname, qstring, boost=boost)

    def parse_range(
        self, fieldname: str, start: str | None, end: str | None, startexcl: bool, endexcl: bool,
        boost: float = 1.0,
    ) -> query.Query:
        if end is not None and len(end) < len("YYYY-MM-DD") and not endexcl:
            end += _RANGE_END
        return query.TermRange(fieldname, start, end, startexcl, endexcl, boost=boost)


def build_schema() -> Schema:
    """Articles and dossiers in one index; ``kind`` tells them apart."""
    return Schema(
        key=ID(unique=True, stored=True),
        id=ID(stored=True),
        kind=ID(stored=True),
        type=ID(stored=True),
        title=TEXT(analyzer=text_analyzer(), stored=True, field_boost=FIELD_BOOSTS["title"]),
        name=TEXT(analyzer=name_analyzer(), field_boost=FIELD_BOOSTS["name"]),
        body=TEXT(analyzer=text_analyzer(), stored=True, field_boost=FIELD_BOOSTS["body"]),
        words=TEXT(analyzer=name_analyzer(), phrase=False),
        date=DateField(stored=True, sortable=True),
        path=STORED(),
        entity=KEYWORD(stored=True, commas=True, scorable=True),
        mentions=STORED(),
    )
