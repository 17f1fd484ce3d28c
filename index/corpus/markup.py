"""What an article's text says without its markup: template tags blanked out, a title line as plain
text, a date in a file name."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

#: Liquid/Jinja/Hugo template tags (``{{ … }}``, ``{% … %}``, ``{{< shortcode >}}``, ``{{% … %}}``)
#: and Liquid/Jinja comments (``{# … #}``). A tag is at most 2,000 characters long, so a stray
#: ``{{`` costs no more than that.
_TEMPLATE = re.compile(r"\{\{.{0,2000}?\}\}|\{%.{0,2000}?%\}|\{#.{0,2000}?#\}", re.DOTALL)
#: Characters that may start Markdown or HTML markup in a line; a line without them is plain text
#: already.
_MARKUP = re.compile(r"[*_`\[\]<>#&\\~]")
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
#: A line of HTML tags only (``<figure>``, ``<img src=…>``, ``</div>``), or an HTML comment.
_TAGS_ONLY = re.compile(r"^\s*(?:<[^>]*>\s*)+$|^\s*<!--.*?-->\s*$")
#: ``2016-03-04-slug``, ``2016-03-04_slug``, ``20160304-slug``, ``2016-03-04`` at the start of a
#: file name.
_NAME_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[-_ .]|$)")
#: ``2023/03/28/Rust-1.68.2``, ``/blog/2014/03/12/slug.html``: a date as folders of a URL path.
_PATH_DATE = re.compile(r"(?:^|/)(\d{4})/(\d{2})/(\d{2})(?:/|$)")

FROM_FILE_NAME = "from the file name"
#: Bumped when reading an article gives other titles, dates or bodies for the same bytes (indexes
#: read it again).
PARSE_VERSION = 2


def blank_templates(text: str) -> str:
    """``text`` with template tags replaced by spaces (line ends kept), so they are not indexed and
    every offset stays an offset into the file."""
    if "{" not in text:
        return text
    return _TEMPLATE.sub(lambda m: re.sub(r"[^\r\n]", " ", m.group()), text)


def is_markup_only(line: str) -> bool:
    """Whether ``line`` holds only HTML tags or a comment (``<figure>``, ``</div>``): no words to
    show."""
    return "<" in line and _TAGS_ONLY.match(line) is not None


def heading_text(line: str) -> str | None:
    """The text of a Markdown ``#`` heading line (``## Why 18F?`` -> ``Why 18F?``), else None."""
    match = _ATX_HEADING.match(line) if "#" in line else None
    return match.group(1) if match else None


def plain_text(line: str) -> str:
    """One line of Markdown as the reader sees it: ``**What is 18F?**`` -> ``What is 18F?``,
    ``[text](url)`` -> ``text``, images by their alt text, HTML tags and template tags dropped,
    entities decoded."""
    if not _MARKUP.search(line):
        return line.strip()
    tokens = _markdown().parseInline(line.strip())
    parts: list[str] = []
    for token in (tokens[0].children if tokens else None) or []:
        if token.type in ("text", "code_inline", "image"):  # an image by its alt text
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return re.sub(r"\s+", " ", "".join(parts)).strip()


@cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt  # only for lines with markup: 60 ms to import

    return MarkdownIt("commonmark")


def file_name_date(name: str) -> str | None:
    """The date opening a file name (``2016-03-04-slug.md``, ``20160304-slug.txt``) if it is a real
    day."""
    return _real_day(_NAME_DATE.match(name)) if name[:4].isdigit() else None


def url_path_date(path: str) -> str | None:
    """The date in a URL path's ``YYYY/MM/DD/`` folders (``2023/03/28/Rust-1.68.2``) if it is a real
    day."""
    return _real_day(_PATH_DATE.search(path))


def _real_day(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    try:
        return date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None
