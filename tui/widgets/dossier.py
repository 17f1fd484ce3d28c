"""The dossier page: who or what it is, then a list to follow: relations, claims, mentions."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from dossier.index.api import ATTRIBUTES, LINK_ATTRIBUTES, Dossier, Workbench
from dossier.tui.messages import OpenArticle, OpenDossier
from dossier.tui.widgets.keyed_list import KeyedList


class DossierItems(KeyedList):
    """What a dossier page links to; Enter follows the highlighted item."""

    BINDING_GROUP_TITLE = "Dossier page"

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Follow")]
    DEFAULT_CSS = """
    DossierItems {
        & > .option-list--option-disabled { color: $text-accent; }
        & > .items--mark { color: $text-accent; text-style: bold; }
        & > .items--quote { color: $text-muted; text-style: italic; }
        & > .items--disputed { color: $text-error; text-style: bold; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"items--mark", "items--quote", "items--disputed"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.targets: dict[str, Callable[[], Message | None]] = {}

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        make = self.targets.get(event.option.id or "")
        message = make() if make else None
        if message is not None:
            self.post_message(message)


class DossierView(Vertical):
    """One dossier: a header (name, type, aliases, summary, attributes) over its followable items."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dossier-head"):
            yield Static(id="dossier-summary")
        yield DossierItems(id="dossier-items")

    def show(self, dossier: Dossier, bench: Workbench) -> None:
        self.query_one("#dossier-summary", Static).update(_header(dossier))
        items = self.query_one(DossierItems)
        mark = items.get_component_rich_style("items--mark")
        quote_style = items.get_component_rich_style("items--quote")
        disputed = items.get_component_rich_style("items--disputed")
        name = _namer(bench)
        options: list[Option | None] = []
        targets: dict[str, Callable[[], Message | None]] = {}

        def add(option_id: str, prompt: Text, target: Callable[[], Message | None]) -> None:
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
        links = bench.links(dossier.id)
        if links:
            heading(f"Relations ({len(links)})")
            for index, link in enumerate(links):
                relation = link.relation
                arrow = "←" if link.incoming else "→"
                prompt = Text.assemble((f"{arrow} {link.label} ", mark), name(link.other))
                if relation.start_date:
                    prompt.append(f"  {relation.start_date}", quote_style)
                add(f"rel:{index}", prompt, partial(OpenDossier, link.other))
        if dossier.claims:
            heading(f"Claims ({len(dossier.claims)}) — Enter opens the source at the quote")
            for index, claim in enumerate(dossier.claims):
                prompt = Text(claim.text)
                if claim.disputed:
                    prompt.append("  [disputed]", disputed)
                prompt.append(f"\n  “{claim.quote}”", quote_style)
                source = bench.article(claim.source)
                prompt.append(f"\n  — {source.title if source else claim.source}", quote_style)
                if claim.note:
                    prompt.append(f"\n  note: {claim.note}", quote_style)
                add(f"claim:{index}", prompt, partial(_claim_target, bench, claim.source, claim.quote))
        mentions = bench.mentions_of(dossier.id)
        heading(f"Mentioned in ({len(mentions)})")
        for index, mention in enumerate(mentions):
            prompt = Text(mention.article_title, "bold")
            prompt.append("\n  ")
            prompt.append_text(_kwic(mention.sentence_text, mention.span_in_sentence, mark))
            add(f"men:{index}", prompt,
                partial(OpenArticle, mention.article_id, focus=(mention.start, mention.end)))
        items.targets = targets
        items.set_options(options)
        items.highlighted = next((i for i, o in enumerate(items.options) if not o.disabled), None)
        self.query_one("#dossier-head", VerticalScroll).scroll_home(animate=False)


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
    facts = []
    for field, label in ATTRIBUTES:
        value = getattr(dossier, field, None)
        if field in LINK_ATTRIBUTES:
            continue
        if value in (None, (), ""):
            continue
        facts.append((label, ", ".join(value) if isinstance(value, tuple) else str(value)))
    if facts:
        text.append("\n")
        for label, value in facts:
            text.append(f"\n{label}: ", "bold")
            text.append(value)
    return text


def _kwic(sentence: str, span: tuple[int, int], mark: Style, before: int = 60, after: int = 100) -> Text:
    """The sentence on one line, cut around the mention, with the mention marked."""
    start, end = span
    left = max(0, start - before)
    right = min(len(sentence), end + after)
    clipped = sentence[left:right].replace("\n", " ")
    text = Text(("…" if left else "") + clipped + ("…" if right < len(sentence) else ""))
    offset = 1 if left else 0
    text.stylize(mark, start - left + offset, end - left + offset)
    return text
