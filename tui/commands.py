"""The command palette provider: jump to any dossier (by name or alias) or article (by title)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from tui.widgets.results import MARKERS

if TYPE_CHECKING:
    from tui.app import DossierApp


class JumpProvider(Provider):
    """Every dossier and article, by name."""

    app: DossierApp

    def _targets(self) -> list[tuple[str, str, str, tuple[str, ...]]]:
        """(kind, id, label, names to match) for everything that can be opened."""
        if not self.app.ready:
            return []
        bench = self.app.bench
        targets = [("dossier", d.id, f"{MARKERS[d.type]} {d.name}", tuple(d.names)) for d in bench.dossiers]
        targets.sort(key=lambda t: t[2][4:].lower())
        for article_id in bench.article_ids():
            article = bench.article(article_id)
            if article:
                targets.append(("article", article.id, f"ART {article.title}", (article.title, article.id)))
        return targets

    async def discover(self) -> Hits:
        for kind, item_id, label, _ in self._targets():
            yield DiscoveryHit(Content(label), partial(self.app.open_item, kind, item_id), text=label,
                               help=f"Open the {kind}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for kind, item_id, label, names in self._targets():
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
