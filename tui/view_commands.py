"""Command palette entries for the analyst views, the pin key and exports, found by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from dossier.tui.views import VIEWS

#: (name shown, action run, help line)
COMMANDS: list[tuple[str, str, str]] = [
    *(
        (f"View: {view.title}", view.action, view.shows[0].upper() + view.shows[1:])
        for view in VIEWS
    ),
    (
        "Pin: keep what is highlighted in the case file",
        "pin",
        "A sentence, claim, article or dossier",
    ),
    (
        "Export: the current dossier as a Markdown brief",
        "export_current",
        "Written to the exports folder",
    ),
    (
        "Export: the case file as a Markdown brief",
        "show_view('case_file')",
        "Opens the case file; e exports it",
    ),
]


class ViewsProvider(Provider):
    """The views and what goes with them, by name."""

    async def discover(self) -> Hits:
        for name, action, help_text in COMMANDS:
            yield DiscoveryHit(name, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in COMMANDS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    partial(self.app.run_action, action),
                    text=name,
                    help=help_text,
                )
