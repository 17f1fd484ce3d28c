"""The help screen: every key binding, read from the widgets themselves so it cannot go stale."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static

from dossier.tui.screens.log import LogScreen

_TEXTUAL_BASES = (App, Screen, OptionList)

SCHEME = (
    "Focus moves between the search box, the results, the reader pane and the side list of entities. "
    "Tab and shift+Tab cycle those panes, except inside the article reader, where Tab and shift+Tab go to the "
    "next or previous dossier mention after where you are reading, like links in a browser, and leave the "
    "reader after the last one. "
    "1, 2 and 3 jump straight to results, reader and entities (on a narrow terminal the entities take the "
    "reader's place until you leave them); / to the search box. Every open is a history step: Backspace, [ or "
    "alt+left go back a page, ] or alt+right forward. Escape never goes back a page: it closes the topmost "
    "view, form or this help, and elsewhere hands focus back to the results. Mouse clicks work everywhere, "
    "including on mentions in the text. The search box also takes the usual line-editing keys.\n\n"
    "Keeping the dossiers: in the reader, ( and ) move by sentence and c cites the current one into a dossier "
    "(a claim, or a relation to another dossier), + starts a dossier from a name in it; U lists the names no "
    "dossier covers; e opens the article or the dossier (at the highlighted claim) in $VISUAL or $EDITOR; u undoes "
    "the last write. In the forms ctrl+s saves and Escape cancels. Files changed on disk are picked up as you go."
)


def sections(app: App[object], screen: Screen[object]) -> list[tuple[str, list[Binding]]]:
    """(section title, bindings) for the app and ``screen``, then each kind of pane on ``screen``
    that names its group (``BINDING_GROUP_TITLE``), in screen order, then the help and log screens
    themselves."""
    out = [("Anywhere", _bindings((type(app), type(screen))))]
    seen: set[type[DOMNode]] = set()
    for widget in screen.walk_children(with_self=False):
        kind = type(widget)
        title = vars(kind).get("BINDING_GROUP_TITLE")
        if title and kind not in seen:
            seen.add(kind)
            out.append((title, _bindings((kind,))))
    out.append(("Help and log screens", _bindings((HelpScreen, LogScreen))))
    return out


def _bindings(classes: tuple[type[DOMNode], ...]) -> list[Binding]:
    """The bindings ``classes`` define or inherit (from our classes and the few Textual ones whose
    keys we rely on), one per action with all its keys; a key bound twice counts where Textual
    resolves it."""
    by_key: dict[str, Binding] = {}
    for cls in classes:
        for base in cls.__mro__:
            if not (base.__module__.startswith("dossier.tui.") or base in _TEXTUAL_BASES):
                continue
            for binding in vars(base).get("BINDINGS", ()):
                if isinstance(binding, Binding) and not binding.system:
                    for key in binding.key.split(","):
                        by_key.setdefault(key.strip(), binding)
    by_action: dict[str, Binding] = {}
    for key, binding in by_key.items():
        if binding.action in by_action:
            merged = by_action[binding.action]
            by_action[binding.action] = Binding(
                f"{merged.key},{key}", merged.action, merged.description
            )
        else:
            by_action[binding.action] = Binding(key, binding.action, binding.description)
    return list(by_action.values())


class HelpScreen(ModalScreen[None]):
    """Every binding of the screen it was opened over, by where the focus is."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
        Binding("j,down", "scroll('down')", "Down", show=False),
        Binding("k,up", "scroll('up')", "Up", show=False),
    ]

    def __init__(self, over: Screen[object]) -> None:
        super().__init__()
        self.over = over

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys — Escape closes"
            yield Static(self._text())

    def _text(self) -> Text:
        text = Text(SCHEME + "\n")
        palette = Binding(
            self.app.COMMAND_PALETTE_BINDING,
            "command_palette",
            "Command palette: jump to any dossier or article by name",
        )
        for title, bindings in sections(self.app, self.over):
            if title == "Anywhere":
                bindings = [*bindings, palette]
            text.append(f"\n{title}\n", "bold underline")
            for binding in bindings:
                keys = " ".join(
                    self.app.get_key_display(Binding(key, "")) for key in binding.key.split(",")
                )
                text.append(f"  {keys:<24}", "bold")
                text.append(f"{binding.description or binding.action}\n")
        return text

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_down() if direction == "down" else body.scroll_up()
