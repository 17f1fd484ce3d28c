"""Plain-text output of the command line: hits, dossiers, and a progress bar for indexing."""

from __future__ import annotations

import csv
import shutil
from typing import TYPE_CHECKING, Any, TextIO

from dossier.index.api import Snippet, schema, strings, wording

if TYPE_CHECKING:  # UnlinkedName would import the unlinked-names view, which a search does not need
    from dossier.index.api import Dossier, Results, Snapshot, views

_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_HIGHLIGHT = "\033[1;33m"


def format_results(results: Results, color: bool = False) -> str:
    """Ranked hits, one block each: rank, kind, title, date, id, then the highlighted snippet."""
    lines = wording.report_lines(results)
    if results.problem or not results.hits:
        return "\n".join(lines)
    for rank, hit in enumerate(results.hits, start=1):
        kind = hit.type if hit.kind == schema.DOSSIER else schema.ARTICLE
        title = _mark(Snippet(hit.title, hit.title_spans), color)
        date = f"  {hit.date_label}" if hit.date or hit.date_conflict else ""
        lines.append("")
        lines.append(f"{rank:>2}. [{kind}] {_bold(title, color)}{date}  {_dim(hit.id, color)}")
        lines.append(f"    {_mark(hit.snippet, color)}")
        if hit.duplicates:
            lines.append(f"    {_dim('copies: ' + ', '.join(hit.duplicates), color)}")
    return "\n".join(lines)


def _mark(snippet: Snippet, color: bool) -> str:
    return snippet.marked(_HIGHLIGHT, _RESET) if color else snippet.marked("[", "]")


def _bold(text: str, color: bool) -> str:
    return f"{_BOLD}{text}{_RESET}" if color else text


def _dim(text: str, color: bool) -> str:
    return f"{_DIM}{text}{_RESET}" if color else text


class ProgressBar:
    """A one-line progress bar redrawn in place on a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        width = max(10, min(40, shutil.get_terminal_size().columns - 30))
        filled = width * done // max(total, 1)
        self._stream.write(f"\rindexing [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        self._stream.flush()
        self._drawn = True

    def finish(self) -> None:
        if self._drawn:
            self._stream.write("\n")
            self._stream.flush()


def index_summary(bench: Snapshot) -> str:
    """What ``dossier index`` did, then what the index holds: "…; 5 articles and 41 dossiers
    indexed"."""
    kinds = wording.kind_counts(bench.browse())
    return (
        f"{bench.last_sync.summary()}; {strings.plural(kinds[schema.ARTICLE], 'article')} and "
        f"{strings.plural(kinds[schema.DOSSIER], 'dossier')} indexed"
    )


def dossier_json(bench: Snapshot, dossier: Dossier) -> dict[str, Any]:
    """A dossier as JSON: its YAML fields (FollowTheMoney names), links both ways and mentions."""
    data = dossier.model_dump(mode="json", by_alias=True, exclude_none=True, exclude={"path"})
    data["path"] = str(dossier.path)
    data["links"] = [
        {
            "type": link.relation.type,
            "direction": "incoming" if link.incoming else "outgoing",
            "other": link.other,
            "source": link.relation.source,
        }
        for link in bench.links(dossier.id)
    ]
    data["mentions"] = [
        {"article": m.article_id, "start": m.start, "end": m.end, "sentence": m.sentence_text}
        for m in bench.mentions_of(dossier.id)
    ]
    return data


def format_dossier(bench: Snapshot, dossier: Dossier, color: bool = False) -> str:
    """A dossier for reading in a terminal: its header, relations, claims and mentions."""
    lines = _dossier_header(dossier, color)
    lines += _relation_lines(bench, dossier, color)
    lines += _claim_lines(dossier, color)
    mentions = bench.mentions_of(dossier.id)
    lines += ["", _bold(f"Mentions ({len(mentions)})", color)]
    for mention in mentions:
        kwic = _mark(Snippet(mention.sentence_text, (mention.span_in_sentence,)), color)
        lines.append(f"  {mention.article_id}: {kwic}")
    return "\n".join(lines)


def _dossier_header(dossier: Dossier, color: bool) -> list[str]:
    """Name, type and id; aliases; the summary; the attributes, each with its outside-knowledge
    note."""
    lines = [_bold(dossier.name, color) + f"  ({dossier.type}, {dossier.id})"]
    if dossier.aliases:
        lines.append(f"also: {', '.join(dossier.aliases)}")
    if dossier.summary:
        lines += ["", dossier.summary.strip()]
        if note := dossier.outside_note("summary"):
            lines.append(_dim(f"(outside the articles: {note})", color))
    attributes = _attributes(dossier)
    if attributes:
        lines.append("")
    for key, value in attributes:
        note = dossier.outside_note(key)
        lines.append(f"{key}: {value}" + (_dim(f"  (outside: {note})", color) if note else ""))
    return lines


def _relation_lines(bench: Snapshot, dossier: Dossier, color: bool) -> list[str]:
    """The relations both ways (``->`` its own, ``<-`` those pointing at it), or nothing."""
    links = bench.links(dossier.id)
    if not links:
        return []
    lines = ["", _bold("Relations", color)]
    for link in links:
        other = bench.dossier(link.other)
        name = other.name if other else f"{link.other} (unknown)"
        arrow = "<-" if link.incoming else "->"
        relation = link.relation
        date_outside = ", outside" if relation.outside_note("startDate") else ""
        since = f" ({relation.start_date}{date_outside})" if relation.start_date else ""
        source = f"  [{relation.source}]" if relation.source else ""
        lines.append(f"  {arrow} {link.label} {name}{since}{source}")
        if relation.note:
            lines.append(f"     note: {relation.note}")
    return lines


def _claim_lines(dossier: Dossier, color: bool) -> list[str]:
    """The claims, each with its quote and source and any note, or nothing."""
    if not dossier.claims:
        return []
    lines = ["", _bold("Claims", color)]
    for claim in dossier.claims:
        flag = " (disputed)" if claim.disputed else ""
        lines.append(f"  - {claim.text}{flag}")
        if claim.quote:
            lines.append(f"    {_dim(f'“{claim.quote}” [{claim.source}]', color)}")
        else:
            lines.append(f"    {_dim(f'[{claim.source}]', color)}")
        if claim.note:
            lines.append(f"    note: {claim.note}")
    return lines


def _attributes(dossier: Dossier) -> list[tuple[str, str]]:
    out = []
    for name, _ in schema.ATTRIBUTES:
        value = getattr(dossier, name, None)
        if value in (None, (), [], ""):
            continue
        label = type(dossier).model_fields[name].alias or name
        out.append(
            (label, ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value))
        )
    return out


CSV_COLUMNS = (
    "rank",
    "kind",
    "type",
    "id",
    "title",
    "date",
    "date_inferred",
    "printed_date",
    "score",
    "snippet",
    "path",
)


def write_csv(results: Results, out: TextIO) -> None:
    """Hits as CSV for reviewers: a header, then one row per hit in rank order (snippets on one
    line); ``date_inferred`` is ``true`` when the date was inferred (see seeds/metadata.yaml),
    ``printed_date`` the date the article prints when it contradicts that one."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for rank, hit in enumerate(results.hits, start=1):
        kind_type = hit.type if hit.kind == schema.DOSSIER else schema.ARTICLE
        writer.writerow(
            [
                rank,
                hit.kind,
                kind_type,
                hit.id,
                hit.title,
                hit.date or "",
                "true" if hit.date_inferred else "",
                hit.date_conflict or "",
                f"{hit.score:.4f}",
                " ".join(hit.snippet.text.split()),
                hit.path,
            ]
        )


def _articles_of(name: views.UnlinkedName) -> list[str]:
    return list(dict.fromkeys(c.article_id for c in name.contexts))


def unlinked_json(name: views.UnlinkedName) -> dict[str, Any]:
    """An unlinked name as JSON: ``{name, count, articles}`` (the articles of its first
    sentences)."""
    return {"name": name.name, "count": name.count, "articles": _articles_of(name)}


def format_unlinked(names: list[views.UnlinkedName], examples: int = 3) -> str:
    """One line per name: the name, its count, and up to ``examples`` articles it occurs in (``…``
    when it may occur in more)."""
    width = min(40, max(len(n.name) for n in names))
    digits = len(str(max(n.count for n in names)))
    lines = []
    for name in names:
        articles = _articles_of(name)
        more = len(articles) > examples or name.count > len(name.contexts)
        shown = ", ".join(articles[:examples]) + (", …" if more else "")
        lines.append(f"{name.name:<{width}}  {name.count:>{digits}}  {shown}")
    return "\n".join(lines)
