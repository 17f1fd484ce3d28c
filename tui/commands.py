"""The command palette provider: jump to any dossier (by name or alias) or article (by title)."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.message import Message

from dossier.index.api import Snapshot, schema
from dossier.tui.host import current_snapshot
from dossier.tui.messages import OpenArticle, OpenDossier
from dossier.tui.widgets.results import MARKERS

Target = tuple[str, str, str, tuple[str, ...]]


class JumpProvider(Provider):
    """Every dossier and article, by name."""

    async def startup(self) -> None:
        """Collect what can be opened once per palette session, not on every keystroke."""
        self.targets: list[Target] = []
        snapshot = current_snapshot(self.screen)
        if snapshot is None:
            return
        dossiers: list[Target] = [
            (schema.DOSSIER, d.id, f"{MARKERS[d.type]} {d.name}", tuple(d.names))
            for d in snapshot.dossiers
        ]
        dossiers.sort(key=lambda t: t[2][4:].lower())
        # Every article's title is read from the index: in a thread, so the app does not wait on it.
        articles = await asyncio.to_thread(_article_targets, snapshot)
        self.targets = dossiers + articles

    def _open(self, kind: str, item_id: str) -> None:
        message: Message = OpenArticle(item_id) if kind == schema.ARTICLE else OpenDossier(item_id)
        self.app.post_message(message)

    async def discover(self) -> Hits:
        for kind, item_id, label, _ in self.targets:
            yield DiscoveryHit(
                Content(label),
                partial(self._open, kind, item_id),
                text=label,
                help=f"Open the {kind}",
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for kind, item_id, label, names in self.targets:
            score = max(matcher.match(label), *(matcher.match(name) for name in names))
            if score > 0:
                alias = next((n for n in names if matcher.match(n) == score), "")
                help_text = f"Open the {kind}" + (
                    f" (matched “{alias}”)" if alias and alias not in label else ""
                )
                yield Hit(
                    score,
                    _highlight(matcher, label),
                    partial(self._open, kind, item_id),
                    text=label,
                    help=help_text,
                )


def _highlight(matcher: Matcher, label: str) -> Content:
    """``label`` with the fuzzy-matched characters marked (``Matcher.highlight`` would parse it as
    markup)."""
    content = Content(label)
    _, offsets = matcher.fuzzy_search.match(matcher.query, label)
    for offset in offsets:
        content = content.stylize("bold underline", offset, offset + 1)
    return content


def _article_targets(snapshot: Snapshot) -> list[Target]:
    with snapshot.held():
        return [
            (schema.ARTICLE, h.id, f"{MARKERS[schema.ARTICLE]} {h.title}", (h.title, h.id))
            for h in snapshot.browse()
            if h.kind == schema.ARTICLE
        ]
