"""The main screen: search box, results, and a pane that shows an article or a dossier."""

from __future__ import annotations

import time
from collections import Counter
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Input, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from dossier.index.api import Article, Dossier, Hit, Mention, Results
from dossier.tui.messages import Span
from dossier.tui.widgets.dossier import DossierItems, DossierView
from dossier.tui.widgets.entities import EntityList
from dossier.tui.widgets.reader import ArticleReader
from dossier.tui.widgets.results import ResultsList
from dossier.tui.widgets.search import SearchBox

if TYPE_CHECKING:
    from dossier.tui.app import DossierApp

DEBOUNCE_SECONDS = 0.1
SEARCH_LIMIT = 100
WELCOME = (
    "Type to search; j/k move, Enter opens, ? lists every key.\n\n"
    "Articles and dossiers (people, organizations, places, events) are listed on the left; "
    "the highlighted one is previewed here."
)


class MainScreen(Screen[None]):
    """Search as you type; preview or open what is highlighted."""

    app: DossierApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search"),
        Binding("1", "focus_pane('results')", "Results", show=False),
        Binding("2", "focus_pane('reader')", "Reader", show=False),
        Binding("3", "focus_pane('entities')", "Entities", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.generation = 0
        self.results: Results | None = None
        self.latencies: list[float] = []
        self._typed_at = 0.0

    def compose(self) -> ComposeResult:
        yield SearchBox(id="search")
        with Horizontal(id="status-bar"):
            yield Static(id="status")
            yield ProgressBar(id="progress", show_eta=False)
        with Horizontal(id="body"):
            yield ResultsList(id="results")
            with ContentSwitcher(id="pane", initial="welcome"):
                yield Static(WELCOME, id="welcome")
                with Horizontal(id="article-pane"):
                    with Vertical(id="article-main"):
                        yield Static(id="article-head")
                        yield ArticleReader(id="reader")
                    yield EntityList(id="entities")
                yield DossierView(id="dossier")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#results").border_title = "Results"
        self.query_one("#search").border_title = "dossier"
        self.query_one("#search", SearchBox).focus()
        if self.app.ready:
            self.refresh_results()
        else:
            self.query_one("#status", Static).update("Indexing the corpus… you can type meanwhile")

    @property
    def query_text(self) -> str:
        return self.query_one("#search", SearchBox).value

    # -- searching ------------------------------------------------------------------------------

    def refresh_results(self) -> None:
        """Run the current query again (e.g. once the index is ready)."""
        self.generation += 1
        self._typed_at = time.perf_counter()
        self.run_search(self.query_text, self.generation)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.refresh_results()

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def run_search(self, query: str, generation: int) -> None:
        """Search in a thread after a short pause; drop the answer if a newer keystroke came in."""
        worker = get_current_worker()
        time.sleep(DEBOUNCE_SECONDS)
        if worker.is_cancelled or generation != self.generation or not self.app.ready:
            return
        bench = self.app.bench
        results = bench.search(query, limit=SEARCH_LIMIT) if query.strip() else None
        hits = results.hits if results else bench.browse()
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_results, generation, results, hits)

    def _show_results(self, generation: int, results: Results | None, hits: list[Hit]) -> None:
        if generation != self.generation:
            return
        self.results = results
        self.query_one("#results", ResultsList).show(hits)
        self.query_one("#status", Static).update(_status(results, hits))
        self.call_after_refresh(lambda: self.latencies.append(time.perf_counter() - self._typed_at))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.app.report_error("Search failed", event.worker.error)

    # -- indexing progress ----------------------------------------------------------------------

    def set_progress(self, done: int, total: int) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=total, progress=done)
        self.query_one("#status", Static).update(f"Indexing {done}/{total} files… you can type meanwhile")

    def index_ready(self) -> None:
        self.query_one("#progress", ProgressBar).display = False
        self.refresh_results()

    # -- the pane -------------------------------------------------------------------------------

    def show_article(
        self, article: Article, matches: list[Span], mentions: list[Mention], dossiers: dict[str, Dossier],
        focus: Span | None = None,
    ) -> None:
        head = Text(article.title, "bold")
        head.append(f"\n{article.date or 'undated'} · {article.id} · {_plural(len(matches), 'match', 'es')} · "
                    f"{_plural(len(mentions), 'mention')}", "dim")
        self.query_one("#article-head", Static).update(head)
        self.query_one("#pane", ContentSwitcher).current = "article-pane"
        self.query_one("#reader", ArticleReader).show(article, matches, mentions, focus)
        self.query_one("#entities", EntityList).show(mentions, dossiers)

    def show_dossier(self, dossier: Dossier) -> None:
        self.query_one("#pane", ContentSwitcher).current = "dossier"
        self.query_one("#dossier", DossierView).show(dossier, self.app.bench)

    def focus_pane(self) -> None:
        """Focus what the pane shows (after an open)."""
        self.action_focus_pane("reader")

    def action_focus_pane(self, name: str) -> None:
        showing = self.query_one("#pane", ContentSwitcher).current
        if name == "results":
            self.query_one("#results").focus()
        elif name == "entities" and showing == "article-pane":
            self.query_one("#entities").focus()
        elif showing == "article-pane":
            self.query_one("#reader").focus()
        elif showing == "dossier":
            self.query_one("#dossier-items", DossierItems).focus()

    def action_focus_search(self) -> None:
        self.query_one("#search", SearchBox).focus()

    def on_descendant_focus(self) -> None:
        """Mark the body while the pane has focus: narrow terminals then give the pane the whole height."""
        reading = self.focused is not None and self.query_one("#pane") in self.focused.ancestors
        self.query_one("#body").set_class(reading, "-reading")

    def on_search_box_leave(self) -> None:
        self.query_one("#results").focus()


def _status(results: Results | None, hits: list[Hit]) -> Text:
    kinds = Counter(hit.kind for hit in hits)
    counts = f"{_plural(kinds['article'], 'article')} · {_plural(kinds['dossier'], 'dossier')}"
    if results is None:
        return Text(f"Browsing the whole corpus: {counts}")
    text = Text(f"{_plural(results.total, 'result')} ({counts})" if results.total else "No results")
    notes = []
    if results.fallback:
        notes.append("the query could not be parsed, so its words were searched")
    if results.fuzzy and results.total:
        notes.append("no exact match: showing close spellings")
    if results.suggestion:
        notes.append(f"did you mean: {results.suggestion}?")
    if notes:
        text.append(" — " + "; ".join(notes), "italic")
    return text


def _plural(count: int, noun: str, suffix: str = "s") -> str:
    return f"{count} {noun}{'' if count == 1 else suffix}"
