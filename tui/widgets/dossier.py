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
    ArticleMention,
    Claim,
    Dossier,
    DossierPage,
    Link,
    MentionPage,
    SearchCancelled,
    Snapshot,
    Span,
    schema,
    strings,
    views,
)
from dossier.tui.host import current_snapshot, is_current
from dossier.tui.messages import EditFile, OpenArticle, OpenDossier, ShowView
from dossier.tui.widgets.keyed_list import KeyedList
from dossier.tui.widgets.rows import row_with_tail

#: What Enter follows on each row: a message made from the snapshot current when it is pressed.
Targets = dict[str, Callable[[Snapshot], Message | None]]
#: Articles whose mentions are listed at a time: a screenful and more (an article can name a dossier
#: ten times, and every row put in the list is drawn once on the UI loop: 30 articles of Russia at
#: 10 000 took 150 ms).
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
        self.pins: dict[str, views.Pin] = {}
        #: Loads the next page of mentions (None: all are listed).
        self.more: Callable[[], object] | None = None
        self.dossier_id: str | None = None
        self.dossier: Dossier | None = None
        #: The row to highlight when the page is next filled (else the first).
        self.restore: int | None = None

    def action_cursor_down(self) -> None:
        """Down like a pager: through the rest of a row taller than the view (the page's header, a
        long claim) line by line, then to the next row."""
        below = self._rows_below_view()
        if below > 0:
            self.scroll_to(y=self.scroll_offset.y + 1, animate=False, immediate=True)
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        """Up like a pager: back through the rest of a tall row, and from the first row up through
        the page's header."""
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
        """How many lines of the highlighted row are below the view (Textual's own line map of the
        list)."""
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

    def pin_target(self) -> views.Pin | None:
        """The highlighted claim, else the dossier of the page."""
        option = self.highlighted_option
        pin = self.pins.get(option.id or "") if option is not None else None
        return pin or (views.Pin("dossier", self.dossier_id) if self.dossier_id else None)

    def keep_place(self) -> None:
        """Highlight the same row when the page is next filled (it is shown again: the corpus
        changed)."""
        self.restore = self.highlighted

    def action_edit(self) -> None:
        """Open the dossier's file in the editor, at the highlighted claim or relation (else at the
        top)."""
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
        snapshot = current_snapshot(self)
        message = make(snapshot) if make and snapshot is not None else None
        if message is not None:
            self.post_message(message)


class DossierView(Vertical):
    """One dossier: a header (name, type, aliases, summary, attributes) over its followable items,
    which are read in a worker; "Mentioned in" lists a first page of articles and adds more as the
    cursor nears its end. The header is the list's first row, so j/k and the scrollbar go through
    the whole page."""

    dossier_id = ""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items = DossierItems(id="dossier-items")
        #: The header rows (the header, a rule) the page's items follow.
        self._head: list[Option | None] = []

    @dataclass
    class PageLoaded(Message):
        """A worker read the rows of dossier ``dossier_id``'s page from ``snapshot`` (shown unless
        another page was opened, or the snapshot was replaced)."""

        dossier_id: str
        rows: _Rows
        mentions: MentionPage
        snapshot: Snapshot
        styles: _Styles

    @dataclass
    class MentionsLoaded(Message):
        """A worker read the next page of mentions from ``snapshot``, from article ``start`` on."""

        dossier_id: str
        page: MentionPage
        snapshot: Snapshot
        styles: _Styles
        start: int

    def compose(self) -> ComposeResult:
        yield self.items

    def show(self, dossier: Dossier, snapshot: Snapshot) -> None:
        """Show the header now and the items once a worker has read them from ``snapshot``."""
        self.dossier_id = dossier.id
        items = self.items
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
        self._load(dossier, snapshot, styles)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dossier-page")
    def _load(self, dossier: Dossier, snapshot: Snapshot, styles: _Styles) -> None:
        try:
            with snapshot.held():
                page = snapshot.dossier_page(dossier.id, mentions=MENTIONS_PAGE)
                rows = _items(dossier, snapshot, page, styles)
        except SearchCancelled:  # replaced by a reload, which shows the page again
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.PageLoaded(dossier.id, rows, page.mentions, snapshot, styles))

    def on_dossier_view_page_loaded(self, message: PageLoaded) -> None:
        message.stop()
        if message.dossier_id != self.dossier_id or not is_current(self, message.snapshot):
            return  # another dossier was opened meanwhile, or the corpus reloaded
        items = self.items
        items.targets, items.pins = message.rows.targets, message.rows.pins
        items.set_options([*self._head, *message.rows.options])
        first = next((i for i, o in enumerate(items.options) if not o.disabled), None)
        restore, items.restore = items.restore, None
        items.highlighted = min(restore, items.option_count - 1) if restore is not None else first
        if restore is None:  # a page opens at its top: the header, however tall
            items.scroll_home(animate=False, immediate=True)
        items.more = self._more(message.dossier_id, message.styles, MENTIONS_PAGE, message.mentions)

    def _more(
        self, dossier_id: str, styles: _Styles, start: int, page: MentionPage
    ) -> Callable[[], object] | None:
        """What loads the mentions from article ``start`` on (None: ``page`` says there are no
        more)."""
        if page.articles <= start:
            return None

        def load() -> None:
            snapshot = current_snapshot(self)
            if snapshot is not None:
                self._load_more(dossier_id, snapshot, styles, start)

        return load

    @work(thread=True, exclusive=True, exit_on_error=False, group="dossier-mentions")
    def _load_more(self, dossier_id: str, snapshot: Snapshot, styles: _Styles, start: int) -> None:
        """The mentions in the next page of articles, read off the UI loop, then added to the
        list."""
        try:
            with snapshot.held():
                page = snapshot.mentions_page(dossier_id, start, MENTIONS_PAGE)
        except SearchCancelled:
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.MentionsLoaded(dossier_id, page, snapshot, styles, start))

    def on_dossier_view_mentions_loaded(self, message: MentionsLoaded) -> None:
        message.stop()
        if message.dossier_id != self.dossier_id or not is_current(self, message.snapshot):
            return
        items = self.items
        shown = sum(key.startswith("men:") for key in items.targets)
        options, targets = _mention_items(message.page.mentions, message.styles, shown)
        items.targets.update(targets)
        items.add_options(options)
        end = message.start + MENTIONS_PAGE
        items.more = self._more(message.dossier_id, message.styles, end, message.page)


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
    pins: dict[str, views.Pin]


class _RowsBuilder:
    """The rows of a page as they are added, under headings."""

    def __init__(self) -> None:
        self.options: list[Option | None] = []
        self.targets: Targets = {}
        self.pins: dict[str, views.Pin] = {}

    def add(
        self, option_id: str, prompt: RenderableType, target: Callable[[Snapshot], Message | None]
    ) -> None:
        self.options.append(Option(prompt, id=option_id))
        self.targets[option_id] = target

    def heading(self, title: str) -> None:
        if self.options:
            self.options.append(None)
        self.options.append(Option(Text(title, "bold"), disabled=True))

    def rows(self) -> _Rows:
        return _Rows(self.options, self.targets, self.pins)


def _items(dossier: Dossier, snapshot: Snapshot, page: DossierPage, styles: _Styles) -> _Rows:
    """The rows of a dossier page: participants, relations, claims, then the first mentions."""
    rows = _RowsBuilder()
    name = _namer(snapshot)
    participants = ([dossier.place] if dossier.place else []) + list(dossier.participants)
    if participants:
        rows.heading("Place and participants")
        for index, other in enumerate(participants):
            rows.add(f"part:{index}", Text(name(other)), _opener(other))
    if page.links:
        rows.heading(f"Relations ({len(page.links)})")
        for index, link in enumerate(page.links):
            rows.add(f"rel:{index}", _relation_row(link, name, styles), _opener(link.other))
    if dossier.claims:
        rows.heading(f"Claims ({len(dossier.claims)}) — Enter opens the source at the quote")
        for index, claim in enumerate(dossier.claims):
            target = partial(_claim_target, article_id=claim.source, quote=claim.quote or "")
            rows.add(f"claim:{index}", _claim_row(claim, page, styles), target)
            rows.pins[f"claim:{index}"] = views.Pin(
                "claim", dossier.id, claim.text, claim.source, claim.quote, note=claim.note
            )
    rows.heading(f"Mentioned in {strings.plural(page.mentions.articles, 'article')}")
    more, more_targets = _mention_items(page.mentions.mentions, styles, 0)
    rows.options += more
    rows.targets.update(more_targets)
    return rows.rows()


def _opener(dossier_id: str) -> Callable[[Snapshot], Message | None]:
    """Enter on a row naming another dossier: open it."""
    return lambda snapshot: OpenDossier(dossier_id)


def _relation_row(link: Link, name: Callable[[str], str], styles: _Styles) -> RenderableType:
    """A relation seen from this dossier, with its note and start date."""
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
    return row_with_tail(label, date)


def _claim_row(claim: Claim, page: DossierPage, styles: _Styles) -> Text:
    """A claim with its quote and source (or its outside mark), and its note."""
    prompt = Text(claim.text)
    if claim.disputed:
        prompt.append("  [disputed]", styles.disputed)
    if claim.is_outside:
        prompt.append("  [outside]", styles.outside)
    else:
        prompt.append(f"\n  “{claim.quote}”", styles.quote)
        source = page.source_titles.get(claim.source) or claim.source
        prompt.append(f"\n  — {source}", styles.quote)
    if claim.note:
        prompt.append(f"\n  note: {claim.note}", styles.quote)
    return prompt


def _mention_items(
    mentions: list[ArticleMention], styles: _Styles, first: int
) -> tuple[list[Option | None], Targets]:
    """Rows for ``mentions``, numbered from ``first`` (``men:0`` is the first mention on the
    page)."""
    options: list[Option | None] = []
    targets: Targets = {}
    for index, mention in enumerate(mentions, start=first):
        option_id = f"men:{index}"
        prompt = Text(mention.article_title, "bold")
        prompt.append("\n  ")
        prompt.append_text(_kwic(mention.sentence_text, mention.span_in_sentence, styles.mark))
        options.append(Option(prompt, id=option_id))
        targets[option_id] = partial(_open_at, mention.article_id, (mention.start, mention.end))
    return options, targets


def _open_at(article_id: str, focus: Span, snapshot: Snapshot) -> OpenArticle:
    """Enter on a mention: open its article there."""
    return OpenArticle(article_id, focus=focus)


def _claim_target(snapshot: Snapshot, *, article_id: str, quote: str) -> OpenArticle | None:
    """Enter on a claim: open its source at the quote (None: no such article)."""
    if snapshot.article(article_id) is None:
        return None
    return OpenArticle(article_id, focus=snapshot.quote_span(article_id, quote))


def _namer(snapshot: Snapshot) -> Callable[[str], str]:
    def name(dossier_id: str) -> str:
        other = snapshot.dossier(dossier_id)
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
    for field, label in schema.ATTRIBUTES:
        value = getattr(dossier, field, None)
        if field in schema.LINK_ATTRIBUTES:
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
