"""The dossier page: who or what it is, then a list to follow: relations, claims, mentions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from dossier.index.api import (
    ATTRIBUTES,
    LINK_ATTRIBUTES,
    ArticleMention,
    Dossier,
    DossierPage,
    MentionPage,
    Pin,
    Workbench,
    plural,
)
from dossier.tui.messages import EditFile, OpenArticle, OpenDossier, ShowView
from dossier.tui.widgets.keyed_list import KeyedList
from dossier.tui.widgets.rows import row_with_tail

Targets = dict[str, Callable[[], Message | None]]
#: Articles whose mentions are listed at a time: a screenful and more (an article can name a dossier ten times,
#: and every row put in the list is drawn once on the UI loop: 30 articles of Russia at 10 000 took 150 ms).
MENTIONS_PAGE = 10
_LOOKAHEAD = 5


class DossierItems(KeyedList):
    """What a dossier page links to; Enter follows the highlighted item."""

    BINDING_GROUP_TITLE = "Dossier page"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Follow"),
        Binding("e", "edit", "Edit"),
        Binding("t", "show_view('timeline')", "Its timeline", show=False),
        Binding("r", "show_view('relations')", "Its relations", show=False),
    ]
    DEFAULT_CSS = """
    DossierItems {
        & > .option-list--option-disabled { color: $text-accent; }
        & > .items--mark { color: $text-accent; text-style: bold; }
        & > .items--quote { color: $text-muted; text-style: italic; }
        & > .items--disputed { color: $text-error; text-style: bold; }
        & > .items--outside { color: $text-warning; text-style: bold; }
        & > .items--head { color: $text; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "items--mark",
        "items--quote",
        "items--disputed",
        "items--outside",
        "items--head",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.targets: Targets = {}
        #: What the pin key keeps on each row that is not the page's dossier itself (its claims).
        self.pins: dict[str, Pin] = {}
        #: Loads the next page of mentions (None: all are listed).
        self.more: Callable[[], object] | None = None
        self.dossier_id: str | None = None
        self.dossier: Dossier | None = None
        #: The row to highlight when the page is next filled (else the first).
        self.restore: int | None = None

    def action_cursor_down(self) -> None:
        """Down like a pager: through the rest of a row taller than the view (the page's header, a long claim)
        line by line, then to the next row."""
        below = self._rows_below_view()
        if below > 0:
            self.scroll_to(y=self.scroll_offset.y + 1, animate=False, immediate=True)
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        """Up like a pager: back through the rest of a tall row, and from the first row up through the page's
        header."""
        highlighted = self.highlighted
        top = self._index_to_line.get(highlighted, 0) if highlighted is not None else 0
        first = next((i for i, option in enumerate(self.options) if not option.disabled), None)
        if self.scroll_offset.y > 0 and (
            top < self.scroll_offset.y or highlighted in (None, first)
        ):
            self.scroll_to(y=self.scroll_offset.y - 1, animate=False, immediate=True)
        elif (
            highlighted != first
        ):  # at the top of the page it stays there (no wrapping round to the end)
            super().action_cursor_up()

    def _rows_below_view(self) -> int:
        """How many lines of the highlighted row are below the view (Textual's own line map of the list)."""
        if self.highlighted is None:
            return 0
        top = self._index_to_line.get(self.highlighted)
        if top is None:
            return 0
        bottom = top + self._heights.get(self.highlighted, 1)
        return bottom - (self.scroll_offset.y + self.scrollable_content_region.height)

    def action_show_view(self, view: str) -> None:
        """The timeline filtered to this dossier, or the relations around it."""
        if self.dossier_id:
            self.post_message(ShowView(view, self.dossier_id))

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.more is not None and event.option_index >= self.option_count - _LOOKAHEAD:
            load, self.more = self.more, None
            load()

    def pin_target(self) -> Pin | None:
        """The highlighted claim, else the dossier of the page."""
        option = self.highlighted_option
        pin = self.pins.get(option.id or "") if option is not None else None
        return pin or (Pin("dossier", self.dossier_id) if self.dossier_id else None)

    def keep_place(self) -> None:
        """Highlight the same row when the page is next filled (it is shown again: the corpus changed)."""
        self.restore = self.highlighted

    def action_edit(self) -> None:
        """Open the dossier's file in the editor, at the highlighted claim or relation (else at the top)."""
        if self.dossier is None:
            return
        option = (
            self.get_option_at_index(self.highlighted) if self.highlighted is not None else None
        )
        kind, _, index = (option.id or "").partition(":") if option else ("", "", "")
        loc: tuple[str | int, ...] = ()
        if kind == "claim":
            loc = ("claims", int(index))
        elif kind == "rel" and int(index) < len(
            self.dossier.relations
        ):  # its own relations come first
            loc = ("relations", int(index))
        self.post_message(EditFile(self.dossier.path, self.dossier.line_of(loc) if loc else 1))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        make = self.targets.get(event.option.id or "")
        message = make() if make else None
        if message is not None:
            self.post_message(message)


class DossierView(Vertical):
    """One dossier: a header (name, type, aliases, summary, attributes) over its followable items, which are
    read in a worker; "Mentioned in" lists a first page of articles and adds more as the cursor nears its end.
    The header is the list's first row, so j/k and the scrollbar go through the whole page."""

    dossier_id = ""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: The header rows (the header, a rule) the page's items follow.
        self._head: list[Option | None] = []

    class PageLoaded(Message):
        """A worker read the rows of dossier ``dossier_id``'s page (shown unless another page was opened)."""

        def __init__(
            self,
            dossier_id: str,
            rows: _Rows,
            mentions: MentionPage,
            bench: Workbench,
            styles: _Styles,
        ) -> None:
            super().__init__()
            self.dossier_id = dossier_id
            self.rows = rows
            self.mentions = mentions
            self.bench = bench
            self.styles = styles

    class MentionsLoaded(Message):
        """A worker read the next page of mentions, from article ``start`` on."""

        def __init__(
            self, dossier_id: str, page: MentionPage, bench: Workbench, styles: _Styles, start: int
        ) -> None:
            super().__init__()
            self.dossier_id = dossier_id
            self.page = page
            self.bench = bench
            self.styles = styles
            self.start = start

    def compose(self) -> ComposeResult:
        yield DossierItems(id="dossier-items")

    def show(self, dossier: Dossier, bench: Workbench) -> None:
        """Show the header now and the items once a worker has read them from the index."""
        self.dossier_id = dossier.id
        items = self.query_one(DossierItems)
        items.dossier_id = dossier.id
        items.targets = {}
        items.pins = {}
        items.dossier = dossier
        items.more = None
        head = _header(dossier)
        head.style = items.get_component_rich_style("items--head")
        self._head = [Option(head, disabled=True), None]
        items.set_options([*self._head, Option(Text("Loading…", "italic"), disabled=True)])
        items.scroll_home(animate=False, immediate=True)
        styles = _Styles(
            *(
                items.get_component_rich_style(f"items--{name}")
                for name in ("mark", "quote", "disputed", "outside")
            )
        )
        self._load(dossier, bench, styles)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dossier-page")
    def _load(self, dossier: Dossier, bench: Workbench, styles: _Styles) -> None:
        page = bench.dossier_page(dossier.id, mentions=MENTIONS_PAGE)
        rows = _items(dossier, bench, page, styles)
        if not get_current_worker().is_cancelled:
            self.post_message(self.PageLoaded(dossier.id, rows, page.mentions, bench, styles))

    def on_dossier_view_page_loaded(self, message: PageLoaded) -> None:
        message.stop()
        if message.dossier_id != self.dossier_id:  # another dossier was opened meanwhile
            return
        dossier_id, mentions, bench, styles = (
            message.dossier_id,
            message.mentions,
            message.bench,
            message.styles,
        )
        items = self.query_one(DossierItems)
        items.targets, items.pins = message.rows.targets, message.rows.pins
        items.set_options([*self._head, *message.rows.options])
        first = next((i for i, o in enumerate(items.options) if not o.disabled), None)
        restore, items.restore = items.restore, None
        items.highlighted = min(restore, items.option_count - 1) if restore is not None else first
        if restore is None:  # a page opens at its top: the header, however tall
            items.scroll_home(animate=False, immediate=True)
        items.more = (
            partial(self._load_more, dossier_id, bench, styles, MENTIONS_PAGE)
            if mentions.articles > MENTIONS_PAGE
            else None
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="dossier-mentions")
    def _load_more(self, dossier_id: str, bench: Workbench, styles: _Styles, start: int) -> None:
        """The mentions in the next page of articles, read off the UI loop, then added to the list."""
        page = bench.mentions_page(dossier_id, start, MENTIONS_PAGE)
        if not get_current_worker().is_cancelled:
            self.post_message(self.MentionsLoaded(dossier_id, page, bench, styles, start))

    def on_dossier_view_mentions_loaded(self, message: MentionsLoaded) -> None:
        message.stop()
        dossier_id, page, bench, styles, start = (
            message.dossier_id,
            message.page,
            message.bench,
            message.styles,
            message.start,
        )
        if dossier_id != self.dossier_id:
            return
        items = self.query_one(DossierItems)
        shown = sum(key.startswith("men:") for key in items.targets)
        options, targets = _mention_items(page.mentions, styles, shown)
        items.targets.update(targets)
        items.add_options(options)
        end = start + MENTIONS_PAGE
        items.more = (
            partial(self._load_more, dossier_id, bench, styles, end)
            if page.articles > end
            else None
        )


@dataclass(frozen=True)
class _Styles:
    mark: Style
    quote: Style
    disputed: Style
    outside: Style


@dataclass(frozen=True)
class _Rows:
    """The rows of a page, what Enter follows on each and what the pin key keeps on its claims."""

    options: list[Option | None]
    targets: Targets
    pins: dict[str, Pin]


def _items(dossier: Dossier, bench: Workbench, page: DossierPage, styles: _Styles) -> _Rows:
    """The rows of a dossier page: participants, relations, claims, then the first mentions."""
    name = _namer(bench)
    options: list[Option | None] = []
    targets: Targets = {}
    pins: dict[str, Pin] = {}

    def add(option_id: str, prompt: RenderableType, target: Callable[[], Message | None]) -> None:
        options.append(Option(prompt, id=option_id))
        targets[option_id] = target

    def heading(title: str) -> None:
        if options:
            options.append(None)
        options.append(Option(Text(title, "bold"), disabled=True))

    participants = ([dossier.place] if dossier.place else []) + list(dossier.participants)
    if participants:
        heading("Place and participants")
        for index, other in enumerate(participants):
            add(f"part:{index}", Text(name(other)), partial(OpenDossier, other))
    if page.links:
        heading(f"Relations ({len(page.links)})")
        for index, link in enumerate(page.links):
            relation = link.relation
            arrow = "←" if link.incoming else "→"
            label = Text.assemble((f"{arrow} {link.label} ", styles.mark), name(link.other))
            if relation.is_outside:
                label.append("  [outside]", styles.outside)
            if relation.note:
                label.append(f"\n  note: {relation.note}", styles.quote)
            date = Text(f"  {relation.start_date}" if relation.start_date else "", styles.quote)
            if relation.outside_note("startDate"):
                date.append(" (outside)", styles.outside)
            add(f"rel:{index}", row_with_tail(label, date), partial(OpenDossier, link.other))
    if dossier.claims:
        heading(f"Claims ({len(dossier.claims)}) — Enter opens the source at the quote")
        for index, claim in enumerate(dossier.claims):
            prompt = Text(claim.text)
            if claim.disputed:
                prompt.append("  [disputed]", styles.disputed)
            if claim.is_outside:
                prompt.append("  [outside]", styles.outside)
            else:
                prompt.append(f"\n  “{claim.quote}”", styles.quote)
                prompt.append(
                    f"\n  — {page.source_titles.get(claim.source) or claim.source}", styles.quote
                )
            if claim.note:
                prompt.append(f"\n  note: {claim.note}", styles.quote)
            add(
                f"claim:{index}",
                prompt,
                partial(_claim_target, bench, claim.source, claim.quote or ""),
            )
            pins[f"claim:{index}"] = Pin(
                "claim", dossier.id, claim.text, claim.source, claim.quote, note=claim.note
            )
    heading(f"Mentioned in {plural(page.mentions.articles, 'article')}")
    more, more_targets = _mention_items(page.mentions.mentions, styles, 0)
    options += more
    targets.update(more_targets)
    return _Rows(options, targets, pins)


def _mention_items(
    mentions: list[ArticleMention], styles: _Styles, first: int
) -> tuple[list[Option | None], Targets]:
    """Rows for ``mentions``, numbered from ``first`` (``men:0`` is the first mention on the page)."""
    options: list[Option | None] = []
    targets: Targets = {}
    for index, mention in enumerate(mentions, start=first):
        option_id = f"men:{index}"
        prompt = Text(mention.article_title, "bold")
        prompt.append("\n  ")
        prompt.append_text(_kwic(mention.sentence_text, mention.span_in_sentence, styles.mark))
        options.append(Option(prompt, id=option_id))
        targets[option_id] = partial(
            OpenArticle, mention.article_id, focus=(mention.start, mention.end)
        )
    return options, targets


def _claim_target(bench: Workbench, article_id: str, quote: str) -> OpenArticle | None:
    if bench.article(article_id) is None:
        return None
    return OpenArticle(article_id, focus=bench.quote_span(article_id, quote))


def _namer(bench: Workbench) -> Callable[[str], str]:
    def name(dossier_id: str) -> str:
        other = bench.dossier(dossier_id)
        return other.name if other else f"{dossier_id} (no dossier)"

    return name


def _header(dossier: Dossier) -> Text:
    text = Text.assemble((dossier.name, "bold"), "  ", (dossier.type.upper(), "reverse"))
    if dossier.aliases:
        text.append("\naka " + " · ".join(dossier.aliases), "italic")
    if dossier.summary:
        text.append("\n\n" + dossier.summary.strip())
        if note := dossier.outside_note("summary"):
            text.append(f"\nOutside the articles: {note}", "italic")
    facts = []
    for field, label in ATTRIBUTES:
        value = getattr(dossier, field, None)
        if field in LINK_ATTRIBUTES:
            continue
        if value in (None, (), ""):
            continue
        shown = ", ".join(value) if isinstance(value, tuple) else str(value)
        note = dossier.outside_note(type(dossier).model_fields[field].alias or field)
        facts.append((label, shown + (f" (outside: {note})" if note else "")))
    if facts:
        text.append("\n")
        for label, value in facts:
            text.append(f"\n{label}: ", "bold")
            text.append(value)
    return text


def _kwic(
    sentence: str, span: tuple[int, int], mark: Style, before: int = 60, after: int = 100
) -> Text:
    """The sentence on one line, cut around the mention, with the mention marked."""
    start, end = span
    left = max(0, start - before)
    right = min(len(sentence), end + after)
    clipped = sentence[left:right].replace("\n", " ")
    text = Text(("…" if left else "") + clipped + ("…" if right < len(sentence) else ""))
    offset = 1 if left else 0
    text.stylize(mark, start - left + offset, end - left + offset)
    return text
