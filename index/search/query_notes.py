"""What to tell the user about a query that cannot mean what it says: no words, only stop words, a
date that does not exist."""

from __future__ import annotations

import re
from datetime import date

_WORD = re.compile(r"\w+")
_DATE_VALUE = re.compile(r"(?<![\w:])date:(\[[^\]]*\]?|\S+)")
_RANGE_END = re.compile(r"\s+TO\s+")


def empty_query_problem(text: str) -> str:
    """Why ``text`` leaves nothing to search: it has no words, or only words too common to be
    indexed."""
    found = _WORD.findall(text)
    if not found:
        return f"nothing to search for: {text.strip()!r} has no words"
    common = list(dict.fromkeys(w.lower() for w in found))
    listed = ", ".join(repr(w) for w in common)
    return (
        f"nothing to search for: {listed} {'is' if len(common) == 1 else 'are'} too common to be indexed "
        f"(stop words): add a word that says what to find"
    )


def date_problems(text: str) -> list[str]:
    """One line per ``date:`` value that is no date (``date:2023-13``): a year, year-month or full
    date."""
    problems = []
    for match in _DATE_VALUE.finditer(text):
        value = match.group(1)
        ends = _RANGE_END.split(value.strip("[]")) if value.startswith("[") else [value]
        bad = [end for end in ends if end and not _is_date(end)]
        if bad:
            problems.append(
                f"date:{value} is not a date: write date:YYYY, date:YYYY-MM or date:YYYY-MM-DD "
                f"(months 01-12, days that exist)"
            )
    return problems


def _is_date(value: str) -> bool:
    """A year (``2023``), a month (``2023-09``) or a day (``2023-09-13``) of the calendar."""
    parts = value.split("-")
    if not all(p.isdigit() for p in parts) or len(parts) > 3 or len(parts[0]) != 4:
        return False
    if len(parts) == 1:
        return True
    if len(parts[1]) != 2 or not 1 <= int(parts[1]) <= 12:
        return False
    if len(parts) == 2:
        return True
    try:
        date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return False
    return len(parts[2]) == 2
