"""The disagreements view: every point where sources disagree, grouped by kind, each with its sides
and their quotes; Enter opens a side's article at its quote (or its dossier)."""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from dossier.index.api import Snapshot, strings, views
from dossier.tui.messages import OpenArticle, OpenDossier
from dossier.tui.screens.view import ViewScreen, short_id
from dossier.tui.widgets.keyed_list import KeyedList

#: How each kind is counted in the title line ("1 disputed claim", "2 spelling variants").
COUNTED: dict[str, str] = {
    "disputed": "disputed claim",
    "dates": "conflicting date",
    "printed date": "printed-date conflict",
    "spelling": "spelling variant",
}


class DisagreementList(KeyedList):
    """The sides of every disagreement under its heading; Enter opens the highlighted side's
    source."""

    BINDING_GROUP_TITLE = "Disagreements"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Open source")]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"disagreements--summary", "disagreements--quote"}
    DEFAULT_CSS = """
    DisagreementList {
        & > .option-list--option-disabled { color: $text; }
        & > .disagreements--summary { color: $text-error; text-style: italic; }
        & > .disagreements--quote { color: $text-muted; text-style: italic; }
    }
    """


class DisagreementsScreen(ViewScreen):
    """What to verify, in one place."""

    CSS_PATH = "disagreements.tcss"

    BINDING_GROUP_TITLE = "Disagreements view"

    def compose(self) -> ComposeResult:
        yield Static("Disagreements", id="view-title")
        yield DisagreementList(id="disagreements-list")
        yield Footer()

    def __init__(self) -> None:
        super().__init__()
        self.sides: list[views.Side] = []

    def load(self, snapshot: Snapshot) -> list[views.Disagreement]:
        return views.disagreements(snapshot)

    def show(self, data: list[views.Disagreement]) -> None:
        listing = self.query_one(DisagreementList)
        summary_style = listing.get_component_rich_style("disagreements--summary")
        quote_style = listing.get_component_rich_style("disagreements--quote")
        options: list[Option | None] = []
        self.sides = []
        kind = None
        for item in data:
            if item.kind != kind:
                kind = item.kind
                if options:
                    options.append(None)
                count = sum(1 for d in data if d.kind == kind)
                options.append(
                    Option(
                        Text(f"{views.KIND_LABELS[kind]} ({count})", "bold reverse"), disabled=True
                    )
                )
            head = Text(item.subject, "bold")
            head.append(f"\n{item.summary}", summary_style)
            options.append(Option(head, disabled=True))
            for side in item.sides:
                prompt = Text("  ▸ ")
                prompt.append(side.text)
                if side.quote:
                    prompt.append(f"\n    “{side.quote}”", quote_style)
                if side.source:
                    article = self.snapshot.article(side.source)
                    title = article.title if article else ""
                    prompt.append(f"\n    — {short_id(side.source)} {title}", quote_style)
                options.append(Option(prompt, id=str(len(self.sides))))
                self.sides.append(side)
        listing.set_options(options)
        listing.highlighted = next(
            (i for i, o in enumerate(listing.options) if not o.disabled), None
        )
        listing.focus()
        kinds = Counter(d.kind for d in data)
        heading = Text.assemble(
            ("Disagreements", "bold"), f" — {strings.plural(len(data), 'point')} to verify: "
        )
        heading.append(" · ".join(strings.plural(count, COUNTED[k]) for k, count in kinds.items()))
        self.set_title(heading)

    def _side(self) -> views.Side | None:
        listing = self.query_one(DisagreementList)
        if listing.highlighted is None:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        return self.sides[int(option.id)] if option.id is not None else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        side = self._side()
        if side is None:
            return
        if side.source:
            focus = side.focus or (
                self.snapshot.quote_span(side.source, side.quote) if side.quote else None
            )
            self.post_message(OpenArticle(side.source, focus))
        elif side.dossier:
            self.post_message(OpenDossier(side.dossier))

    def pin_target(self) -> views.Pin | None:
        side = self._side()
        if side is None:
            return None
        if side.source and side.quote:
            span = self.snapshot.quote_span(side.source, side.quote)
            return views.Pin(
                "sentence",
                side.source,
                side.quote,
                start=span[0] if span else None,
                end=span[1] if span else None,
            )
        return views.Pin("dossier", side.dossier) if side.dossier else None
