"""The command palette provider: jump to any dossier (by name or alias) or article (by title)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from dossier.tui.widgets.results import MARKERS

if TYPE_CHECKING:
    from dossier.tui.app import DossierApp


class JumpProvider(Provider):
    """Every dossier and article, by name."""

    app: DossierApp

    async def startup(self) -> None:
        """Collect what can be opened once per palette session, not on every keystroke."""
        self.targets: list[tuple[str, str, str, tuple[str, ...]]] = []
        if not self.app.ready:
            return
        bench = self.app.bench
        dossiers = [("dossier", d.id, f"{MARKERS[d.type]} {d.name}", tuple(d.names)) for d in bench.dossiers]
        dossiers.sort(key=lambda t: t[2][4:].lower())
        articles = [("article", h.id, f"ART {h.title}", (h.title, h.id)) for h in bench.browse() if h.kind == "article"]
        self.targets = dossiers + articles

    async def discover(self) -> Hits:
        for kind, item_id, label, _ in self.targets:
            yield DiscoveryHit(Content(label), partial(self.app.open_item, kind, item_id), text=label,
                               help=f"Open the {kind}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for kind, item_id, label, names in self.targets:
            score = max(matcher.match(label), *(matcher.match(name) for name in names))
            if score > 0:
                alias = next((n for n in names if matcher.match(n) == score), "")
                help_text = f"Open the {kind}" + (f" (matched “{alias}”)" if alias and alias not in label else "")
                yield Hit(score, _highlight(matcher, label), partial(self.app.open_item, kind, item_id),
                          text=label, help=help_text)


def _highlight(matcher: Matcher, label: str) -> Content:
    """``label`` with the fuzzy-matched characters marked (``Matcher.highlight`` would parse it as markup)."""
    content = Content(label)
    _, offsets = matcher.fuzzy_search.match(matcher.query, label)
    for offset in offsets:
        content = content.stylize("bold underline", offset, offset + 1)
    return content
