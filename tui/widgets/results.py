"""The results list: one two-line option per hit (kind marker, title, date; a highlighted
snippet)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from dossier.index.api import Hit, SearchCancelled, Sort, schema, views
from dossier.tui.messages import OpenArticle, OpenDossier, Preview
from dossier.tui.widgets.keyed_list import KeyedList

#: Rows put in the list at a time (a screenful and more: every row put in is drawn once on the UI
#: loop, and 100 rows made a keystroke's results take 65 ms to show at 10 000 articles, 35 ms with
#: 30); the next page is added (read in a worker) as the cursor nears the end.
PAGE = 30
_LOOKAHEAD = 10
#: ``G`` (bottom) reads every remaining row when there are at most this many (a search's hits), else
#: one page.
_TO_THE_END = 200

#: Fixed-width kind markers, so titles line up.
MARKERS = {
    schema.ARTICLE: "ART",
    "person": "PER",
    "organization": "ORG",
    "place": "PLC",
    "event": "EVT",
}


class ResultsList(KeyedList):
    """Hits for the current query; highlighting one previews it, Enter (or a click) opens it."""

    BINDING_GROUP_TITLE = "Results list"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open"),
        Binding("s", "sort('date')", "Sort by date"),
        Binding("s", "sort('relevance')", "Sort by relevance"),
    ]
    DEFAULT_CSS = """
    ResultsList {
        & > .results--match { color: $text-warning; text-style: bold underline; }
        & > .results--article { color: $text-primary; text-style: bold; }
        & > .results--dossier { color: $text-secondary; text-style: bold; }
        & > .results--date { color: $text-muted; }
        & > .results--snippet { color: $text-muted; }
        & > .results--flag { color: $text-error; text-style: bold; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "results--match",
        "results--article",
        "results--dossier",
        "results--date",
        "results--snippet",
        "results--flag",
    }

    @dataclass
    class PageLoaded(Message):
        """A worker read ``page``, the hits of ``hits`` from ``start`` on (added unless the list
        changed)."""

        hits: Sequence[Hit]
        start: int
        page: list[Hit]
        then_last: bool

    @dataclass
    class SortChanged(Message):
        """The analyst asked for hits ``by`` relevance or by date (newest first)."""

        by: Sort

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hits: Sequence[Hit] = []
        self._shown = 0
        self.sort: Sort = "relevance"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Of the two ``s`` bindings, offer the order not in use (the footer shows "Sort by date" or
        "by relevance")."""
        if action == "sort":
            return parameters[0] != self.sort
        return True

    def action_sort(self, by: Sort) -> None:
        self.sort = by
        self.refresh_bindings()
        self.post_message(self.SortChanged(by))

    def show(self, hits: Sequence[Hit], keep_place: bool = False) -> None:
        """Replace the list with ``hits``, highlighting the first; or, with ``keep_place`` (the same
        query after the corpus changed), the hit highlighted before if it is among the first rows,
        without previewing it again. Only the first :data:`PAGE` become rows (load them, snippets
        included, before calling this: see :func:`first_page`); more follow on scrolling.
        """
        before = (
            self.get_option_at_index(self.highlighted).id if self.highlighted is not None else None
        )
        self.hits = hits
        self._shown = min(PAGE, len(hits))
        self.set_options(self._option(hit) for hit in hits[: self._shown])
        keys = [f"{hit.kind}:{hit.id}" for hit in hits[: self._shown]]
        if keep_place and before in keys:
            with self.prevent(OptionList.OptionHighlighted):
                self.highlighted = keys.index(before)
        else:
            self.highlighted = 0 if self._shown else None

    def action_last(self) -> None:
        """The last hit: the rest of a search's hits are read first (in a worker); on a longer list
        (the whole corpus), the last row shown, and the next page follows."""
        rest = len(self.hits) - self._shown
        if 0 < rest <= _TO_THE_END:
            self._load_more(self.hits, self._shown, rest, then_last=True)
        else:
            super().action_last()

    def _option(self, hit: Hit) -> Option:
        return Option(self._prompt(hit), id=f"{hit.kind}:{hit.id}")

    @work(thread=True, exclusive=True, exit_on_error=False, group="results-page")
    def _load_more(
        self, hits: Sequence[Hit], start: int, count: int | None = None, then_last: bool = False
    ) -> None:
        """Read ``count`` (default a page) more of ``hits`` (stored fields, snippets) off the UI
        loop, then add them."""
        count = count or PAGE
        try:
            page = first_page(hits[start : start + count], count)
        except SearchCancelled:  # read from a snapshot a reload retired: the new list is coming
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.PageLoaded(hits, start, page, then_last))

    def on_results_list_page_loaded(self, message: PageLoaded) -> None:
        message.stop()
        if (
            message.hits is not self.hits or message.start != self._shown
        ):  # a newer list replaced this one
            return
        self.add_options(self._option(hit) for hit in message.page)
        self._shown += len(message.page)
        if message.then_last:
            self.highlighted = self._shown - 1

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name)

    def _prompt(self, hit: Hit) -> Group:
        marker_style = self._style(
            "results--article" if hit.kind == schema.ARTICLE else "results--dossier"
        )
        match = self._style("results--match")
        title = Text(hit.title)
        for start, end in hit.title_spans:
            title.stylize(match, start, end)
        line = Text()  # the title wraps rather than being cut
        line.append(MARKERS.get(hit.type, hit.type[:3].upper()), marker_style)
        if hit.date:
            line.append(f" {hit.date}", self._style("results--date"))
        if hit.date_conflict:  # the printed date disagrees: flagged here, told on the snippet line
            line.append("!", self._style("results--flag"))
        line.append(" ")
        line.append_text(title)
        if hit.duplicates:  # copies of this article, listed in the reader's header
            copies = len(hit.duplicates)
            line.append(
                f" +{copies} {'copy' if copies == 1 else 'copies'}", self._style("results--date")
            )
        second = Text("    ", no_wrap=True, overflow="ellipsis")
        if hit.date_conflict:
            second.append(f"printed {hit.date_conflict} ", self._style("results--flag"))
        text, spans = _from_first_match(
            hit.snippet.text,
            hit.snippet.spans,
            self.scrollable_content_region.width - second.cell_len,
        )
        snippet = Text(text, self._style("results--snippet"))  # one line already
        for start, end in spans:
            snippet.stylize(match, start, end)
        # A Group keeps each Text's no_wrap: one line each, cut with an ellipsis.
        return Group(line, second.append_text(snippet))

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index >= self._shown - _LOOKAHEAD and self._shown < len(self.hits):
            self._load_more(self.hits, self._shown)
        if event.option_index < len(self.hits):
            hit = self.hits[event.option_index]
            self.post_message(Preview(hit.kind, hit.id))

    def pin_target(self) -> views.Pin | None:
        """The highlighted hit."""
        if self.highlighted is None or self.highlighted >= len(self.hits):
            return None
        hit = self.hits[self.highlighted]
        return (
            views.Pin("article", hit.id)
            if hit.kind == schema.ARTICLE
            else views.Pin("dossier", hit.id)
        )

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        hit = self.hits[event.option_index]
        self.post_message(
            OpenArticle(hit.id) if hit.kind == schema.ARTICLE else OpenDossier(hit.id)
        )


def first_page(hits: Sequence[Hit], count: int | None = None) -> list[Hit]:
    """The first ``count`` (default a page of) hits with their snippets worked out: call it in a
    worker, not on the UI loop."""
    page = list(hits[: count or PAGE])
    for hit in page:
        _ = hit.snippet
    return page


def _from_first_match(
    text: str, spans: Sequence[tuple[int, int]], width: int
) -> tuple[str, list[tuple[int, int]]]:
    """The snippet cut on the left so its first match shows in a line ``width`` cells wide (about a
    quarter in), rather than past the ellipsis; spans moved with it."""
    width = max(width, 8)
    if not spans or spans[0][0] < width * 2 // 5:
        return text, list(spans)
    cut = spans[0][0] - width // 4
    cut = text.find(" ", cut, spans[0][0]) + 1 or cut  # at a word boundary
    return "…" + text[cut:], [(start - cut + 1, end - cut + 1) for start, end in spans]
