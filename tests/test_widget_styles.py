"""Each widget carries its own component styles: mounted anywhere, under any id, it still
highlights."""

from __future__ import annotations

from textual.app import App, ComposeResult

from dossier.tui.widgets.dossier import DossierItems
from dossier.tui.widgets.reader import ArticleReader
from dossier.tui.widgets.results import ResultsList


class _Bare(App[None]):
    """No app stylesheet, other ids: only the widgets' DEFAULT_CSS applies."""

    def compose(self) -> ComposeResult:
        yield ResultsList(id="elsewhere-results")
        yield ArticleReader(id="elsewhere-reader")
        yield DossierItems(id="elsewhere-items")


async def test_component_styles_travel_with_the_widget() -> None:
    app = _Bare()
    async with app.run_test():
        match = app.query_one(ResultsList).get_component_rich_style("results--match")
        assert match.bold and match.underline
        current = app.query_one(ArticleReader).get_component_rich_style("reader--current")
        assert current.bold and current.underline and current.bgcolor is not None
        disputed = app.query_one(DossierItems).get_component_rich_style("items--disputed")
        assert disputed.bold and disputed.color is not None
