"""`U` in the app: the unlinked names of a real-shaped corpus, without the noise, with their
sentences."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from dossier.index.api import Snapshot
from dossier.index.corpus.articles import Corpus
from dossier.tui.app import DossierApp
from dossier.tui.screens import unlinked as unlinked_screen
from dossier.tui.screens.unlinked import UnlinkedNames, UnlinkedScreen

ARTICLE = (
    "Blair in Moscow\n\n"
    "I think it went well. The Russian officials met Prime Minister Tony Blair in London. Mr Blair said: "
    '"We are ready." Western diplomats watched Gazprom and Gazprom watched them.\n'
)


async def test_u_lists_the_names(tmp_path: Path, settle) -> None:
    (tmp_path / "corpus" / "seeds").mkdir(parents=True)
    (tmp_path / "corpus" / "dossiers").mkdir()
    (tmp_path / "corpus" / "seeds" / "politics_001.txt").write_text(ARTICLE, encoding="utf-8")
    app = DossierApp(Snapshot.open(Corpus(tmp_path / "corpus"), tmp_path / "index"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#results").focus()  # the search box takes printable keys
        await pilot.press("U")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, UnlinkedScreen)
        assert [(n.name, n.count) for n in screen.names] == [
            ("Gazprom", 2),
            ("Tony Blair", 2),
            ("London", 1),
        ]
        listing = screen.query_one(UnlinkedNames)
        assert [
            str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)
        ] == ["   2 Gazprom", "   2 Tony Blair", "   1 London"]
        listing.highlighted = 1
        await pilot.pause()
        context = str(screen.query_one("#unlinked-context", Static).content)
        assert (
            context.startswith("Tony Blair — 2 times\n\npolitics_001\n")
            and 'Mr Blair said: "We' in context
        )


async def test_u_lists_the_most_frequent(tmp_path: Path, settle, monkeypatch) -> None:
    """A long list is cut to the most frequent names (15 000 options take seconds to draw), and the
    title says so."""
    monkeypatch.setattr(unlinked_screen, "SHOWN", 2)
    (tmp_path / "corpus" / "seeds").mkdir(parents=True)
    (tmp_path / "corpus" / "seeds" / "politics_001.txt").write_text(ARTICLE, encoding="utf-8")
    app = DossierApp(Snapshot.open(Corpus(tmp_path / "corpus"), tmp_path / "index"))
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#results").focus()
        await pilot.press("U")
        await settle(pilot)
        assert [n.name for n in app.screen.names] == ["Gazprom", "Tony Blair"]
        assert app.screen.query_one("#unlinked-body").border_title == (
            "Unlinked names — the 2 most frequent of 3 (dossier unlinked --limit N lists more) — Enter starts a "
            "dossier, Escape closes"
        )
