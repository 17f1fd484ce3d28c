"""The timeline view: every dated event, relation, claim and article in date order, grouped by year
and month, each with its source; where sources disagree on a date, both dates side by side and
marked."""

from __future__ import annotations

import calendar
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from dossier.index.api import Snapshot, strings, views
from dossier.tui.messages import OpenArticle, OpenDossier
from dossier.tui.screens.view import ViewScreen, short_id
from dossier.tui.widgets.keyed_list import KeyedList

KIND_MARKERS = {"event": "EVT", "relation": "REL", "claim": "CLM", "article": "ART"}
CONFLICT = "⚠"
_INDENT = 11  # under the text, past the date


class TimelineList(KeyedList):
    """The dated items; Enter opens the source."""

    BINDING_GROUP_TITLE = "Timeline"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Open source")]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--date",
        "timeline--conflict",
        "timeline--source",
    }
    DEFAULT_CSS = """
    TimelineList {
        & > .timeline--date { color: $text-muted; }
        & > .timeline--conflict { color: $text-error; text-style: bold; }
        & > .timeline--source { color: $text-muted; }
    }
    """


class TimelineScreen(ViewScreen):
    """Dated items oldest first; ``/`` filters by words or ``entity:`` (an id, name or alias)."""

    CSS_PATH = "timeline.tcss"

    BINDING_GROUP_TITLE = "Timeline view"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("slash", "filter", "Filter")]

    def __init__(self, entity: str | None = None) -> None:
        super().__init__()
        self.entries: list[views.TimelineEntry] = []
        self.shown: list[views.TimelineEntry] = []
        self.initial_filter = f"entity:{entity}" if entity else ""

    def compose(self) -> ComposeResult:
        yield Static("Timeline", id="view-title")
        yield TimelineFilter(
            placeholder="Filter: words, or entity:NAME (Escape: back to the list)",
            id="timeline-filter",
            value=self.initial_filter,
        )
        yield TimelineList(id="timeline-list")
        yield Footer()

    def filter_to(self, entity: str | None) -> None:
        """Show only what concerns ``entity`` (None: everything)."""
        self.initial_filter = f"entity:{entity}" if entity else ""
        if self.is_mounted:
            self.query_one(TimelineFilter).value = self.initial_filter

    def load(self, snapshot: Snapshot) -> list[views.TimelineEntry]:
        return views.timeline(snapshot)

    def show(self, data: list[views.TimelineEntry]) -> None:
        self.entries = data
        self._refilter()
        self.query_one(TimelineList).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refilter()

    def _refilter(self) -> None:
        entity, words, unknown = self._parse_filter(self.query_one(TimelineFilter).value)
        shown = [
            e
            for e in self.entries
            if (entity is None or entity in e.entities)
            and all(w in strings.fold(e.text) for w in words)
        ]
        self.shown = shown
        listing = self.query_one(TimelineList)
        listing.set_options(self._options(shown))
        listing.highlighted = next(
            (i for i, o in enumerate(listing.options) if not o.disabled), None
        )
        conflicts = sum(e.conflicting for e in shown)
        about = ""
        if entity:
            dossier = self.snapshot.dossier(entity)
            about = f" about {dossier.name if dossier else entity}"
        title = Text.assemble(
            ("Timeline", "bold"), f"{about} — {strings.plural(len(shown), 'dated item')}"
        )
        if conflicts:
            title.append(f" · {CONFLICT} {conflicts} where sources disagree")
        if unknown:
            title.append(f" · no dossier named {unknown!r}", "italic")
        self.set_title(title)

    def _parse_filter(self, value: str) -> tuple[str | None, list[str], str | None]:
        """(entity id, folded words, an entity: name that matched no dossier)."""
        entity, unknown, words = None, None, []
        for part in value.split():
            if part.startswith("entity:") and len(part) > len("entity:"):
                name = part[len("entity:") :].replace("_", " ")
                dossier = self.snapshot.resolve(name) or self.snapshot.resolve(
                    name.replace("-", " ")
                )
                entity, unknown = (dossier.id, None) if dossier else (entity, name)
            else:
                words.append(strings.fold(part))
        return entity, words, unknown

    def _options(self, entries: list[views.TimelineEntry]) -> list[Option]:
        listing = self.query_one(TimelineList)
        date_style = listing.get_component_rich_style("timeline--date")
        conflict = listing.get_component_rich_style("timeline--conflict")
        source = listing.get_component_rich_style("timeline--source")
        options: list[Option] = []
        year = month = None
        for index, entry in enumerate(entries):
            if entry.year != year:
                year, month = entry.year, None
                options.append(Option(Text(entry.year, "bold reverse"), disabled=True))
            if entry.month and entry.month != month:
                month = entry.month
                options.append(
                    Option(
                        Text(f"  {calendar.month_name[int(month[5:7])]} {year}", "bold"),
                        disabled=True,
                    )
                )
            options.append(Option(self._prompt(entry, date_style, conflict, source), id=str(index)))
        return options

    def _prompt(
        self, entry: views.TimelineEntry, date_style: Style, conflict: Style, source_style: Style
    ) -> Group:
        """The entry on its first line (wrapping under itself), then its other dates, its note and
        its source, indented under the text; the source is cut to one line."""
        head = Text()
        head.append(KIND_MARKERS[entry.kind] + " ", "bold")
        if entry.conflicting:
            head.append(f"{CONFLICT} ", conflict)
        head.append(entry.text)
        if entry.end and entry.end != entry.date:
            head.append(f" (to {entry.end})", date_style)
        if entry.inferred:
            head.append(" (date inferred from what it reports)", date_style)
        date = Text(f"{entry.date:<10} ", date_style)
        first = Table.grid(expand=True)
        first.add_column(width=_INDENT, no_wrap=True)
        first.add_column(ratio=1)
        first.add_row(date, head)
        lines: list[RenderableType] = [first]
        for other, by in entry.other_dates:
            lines.append(
                Padding(
                    Text(f"{CONFLICT} also dated {other} by {by}", conflict), (0, 0, 0, _INDENT)
                )
            )
        if entry.disputed and entry.note:
            lines.append(Padding(Text(f"{CONFLICT} {entry.note}", conflict), (0, 0, 0, _INDENT)))
        elif entry.note:
            lines.append(Padding(Text(entry.note, source_style), (0, 0, 0, _INDENT)))
        where = self._source_label(entry)
        if where:
            lines.append(
                Padding(
                    Text(where, source_style, no_wrap=True, overflow="ellipsis"), (0, 0, 0, _INDENT)
                )
            )
        return Group(*lines)

    def _source_label(self, entry: views.TimelineEntry) -> str:
        if entry.kind == "article":
            return f"article {entry.source}"
        if entry.source:
            article = self.snapshot.article(entry.source)
            return f"— {short_id(entry.source)} {article.title if article else ''}"
        return "event dossier"

    def _entry(self) -> views.TimelineEntry | None:
        listing = self.query_one(TimelineList)
        if listing.highlighted is None:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        return self.shown[int(option.id)] if option.id is not None else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entry = self._entry()
        if entry is None:
            return
        if entry.source and entry.quote:
            self.post_message(
                OpenArticle(entry.source, self.snapshot.quote_span(entry.source, entry.quote))
            )
        elif entry.source:
            self.post_message(OpenArticle(entry.source))
        elif entry.dossier:
            self.post_message(OpenDossier(entry.dossier))

    def pin_target(self) -> views.Pin | None:
        entry = self._entry()
        if entry is None:
            return None
        if entry.kind == "article" and entry.source:
            return views.Pin("article", entry.source)
        if entry.kind == "claim" and entry.dossier:
            return views.Pin(
                "claim", entry.dossier, entry.text, entry.source, entry.quote, note=entry.note
            )
        if entry.source and entry.quote:
            span = self.snapshot.quote_span(entry.source, entry.quote)
            return views.Pin(
                "sentence",
                entry.source,
                entry.quote,
                start=span[0] if span else None,
                end=span[1] if span else None,
            )
        return views.Pin("dossier", entry.dossier) if entry.dossier else None

    def action_filter(self) -> None:
        self.query_one(TimelineFilter).focus()


class TimelineFilter(Input):
    """The filter box; Escape, Enter or Down go back to the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,down", "leave", "List", show=False)
    ]

    def action_leave(self) -> None:
        self.screen.query_one(TimelineList).focus()
