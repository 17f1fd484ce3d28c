"""Pilot tests of keeping the dossiers from the app, on a private copy of the real corpus: cite a
sentence, start a dossier (from nothing or from an unlinked name), edit in $EDITOR, undo, and live
reload."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

import pytest
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static
from textual.worker import WorkerCancelled, WorkerFailed

from dossier.index.api import Snapshot, keeping
from dossier.index.corpus.articles import Corpus
from dossier.tui.app import DossierApp
from dossier.tui.screens.cite import CiteScreen
from dossier.tui.screens.new_dossier import NewDossierScreen
from dossier.tui.screens.unlinked import UnlinkedNames, UnlinkedScreen
from dossier.tui.widgets.dossier import DossierItems
from dossier.tui.widgets.dossier_picker import DossierPicker
from dossier.tui.widgets.reader import ArticleReader

ARTICLE_000 = "000_588f2ff7381e34dc"
ARTICLE_001 = "001_5859987bf54530fd"
ARTICLE_003 = "003_5a1a26e7ddca32af"
GREETED = (
    "There, Kim was greeted with a red carpet by Natural Resources Minister Alexander Kozlov, "
    "Regional Governor Oleg Kozemayako, honor guards, and a military band."
)
KOZHEMYAKO = Path("dossiers/person/oleg-kozhemyako.yaml")


@pytest.fixture
def corpus(tmp_path: Path, copy_corpus: Callable[[Path], Corpus]) -> Corpus:
    return copy_corpus(tmp_path / "corpus")


@pytest.fixture
def app(corpus: Corpus, tmp_path: Path) -> DossierApp:
    return DossierApp(Snapshot.open(corpus, index_root=tmp_path / "index"))


def collect(into: list[Notify]) -> Callable[[Message], None]:
    def hook(message: Message) -> None:
        if isinstance(message, Notify):
            into.append(message)

    return hook


async def settle(pilot: Pilot) -> None:
    """Let every worker finish (writes, reloads, checks; not the watcher, which never does) and the
    screen catch up."""
    for _ in range(3):
        with suppress(WorkerCancelled, WorkerFailed):
            for worker in [
                w for w in pilot.app.workers if w.group != "watch"
            ]:  # ([] would mean all of them)
                await worker.wait()
        await pilot.pause()


async def open_article_at(pilot: Pilot, article_id: str, sentence: str) -> ArticleReader:
    """Open an article and press ``)`` until ``sentence`` is the current one."""
    app = pilot.app
    assert isinstance(app, DossierApp)
    await settle(pilot)  # the first listing previews its first hit: open after it
    app.main.open_item("article", article_id)
    await settle(pilot)
    reader = app.screen.query_one(ArticleReader)
    assert app.focused is reader
    for _ in range(len(reader.sentences)):
        await pilot.press(")")
        current = reader.sentence
        if current and reader.article and reader.article.body[current[0] : current[1]] == sentence:
            return reader
    raise AssertionError(f"never reached {sentence!r}")


async def cite(pilot: Pilot, dossier: str, claim: str) -> None:
    """In the open cite form: pick ``dossier`` by typing, replace the claim text, save."""
    await pilot.press(*dossier, "tab", "tab", "ctrl+u", *claim, "ctrl+s")
    await settle(pilot)


async def test_moving_by_sentence_marks_and_shows_it(app: DossierApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_article_at(pilot, ARTICLE_003, GREETED)
        start, end = reader.sentence or (0, 0)
        top, height = reader.scroll_offset.y, reader.scrollable_content_region.height
        assert (
            top <= reader.line_of(start) and reader.line_of(end - 1) < top + height
        )  # all of it in view
        await pilot.press("(")
        assert reader.article and reader.article.body[slice(*reader.sentence or (0, 0))].startswith(
            "North Korean"
        )
        assert "Sentence" in [
            b.description
            for b in app.screen.active_bindings.values()
            if b.binding.show
            for b in [b.binding]
        ]


async def test_cite_a_sentence_of_003_into_kozhemyako(app: DossierApp, corpus: Corpus) -> None:
    path = corpus.root / KOZHEMYAKO
    before = path.read_text()
    notes: list[Notify] = []
    async with app.run_test(size=(120, 40), message_hook=collect(notes)) as pilot:
        await open_article_at(pilot, ARTICLE_003, GREETED)
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CiteScreen)
        picker = form.query_one("#cite-dossier", DossierPicker)
        # the dossiers the sentence names come first, in order
        assert [c.id for c in picker.choices[:3]] == [
            "kim-jong-un",
            "alexander-kozlov",
            "oleg-kozhemyako",
        ]
        assert form.query_one("#cite-text", Input).value == GREETED  # prefilled with the sentence
        await cite(pilot, "Kozhem", "Greeted Kim at the Khasan border station; zeppelin.")
        assert not isinstance(app.screen, CiteScreen)
        assert path.read_text() == before + (
            f'- text: "Greeted Kim at the Khasan border station; zeppelin."\n  source: {ARTICLE_003}\n'
            f'  quote: "{GREETED}"\n'
        )
        written = [
            n.notification.message for n in notes if n.notification.title == "Dossier written"
        ]
        assert written == [f"Cited: {KOZHEMYAKO}:{before.count(chr(10)) + 1} — u undoes"]
        # the workbench serves the new claim at once: the dossier page and the index
        assert app.current.dossier("oleg-kozhemyako").claims[-1].text.endswith("zeppelin.")
        assert [hit.id for hit in app.current.search("zeppelin").hits] == ["oleg-kozhemyako"]
        reader = app.screen.query_one(ArticleReader)
        assert (
            reader.article and reader.article.body[slice(*reader.sentence or (0, 0))] == GREETED
        )  # same place
        app.main.open_item("dossier", "oleg-kozhemyako")
        await settle(pilot)
        items = app.screen.query_one(DossierItems)
        assert "zeppelin" in str(items.get_option("claim:1").prompt)
    assert keeping.check_corpus(corpus)[1] == []


async def test_cite_a_relation(app: DossierApp, corpus: Corpus) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await open_article_at(pilot, ARTICLE_003, GREETED)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press(*"Kozhem", "tab", "enter", *["down"] * 5, "enter")  # relation: met with
        assert app.screen.query_one("#cite-kind", Select).value == "met_with"
        await pilot.press("tab", *"Kozlov", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CiteScreen)
        relation = app.current.dossier("oleg-kozhemyako").relations[-1]
        assert (relation.type, relation.target, relation.source, relation.quote) == (
            "met_with",
            "alexander-kozlov",
            ARTICLE_003,
            GREETED,
        )
        assert any(
            link.other == "oleg-kozhemyako" and link.incoming
            for link in app.current.links("alexander-kozlov")
        )
    assert keeping.check_corpus(corpus)[1] == []


async def test_a_refused_cite_stays_in_the_form_and_writes_nothing(
    app: DossierApp, corpus: Corpus
) -> None:
    before = {p: p.read_bytes() for p in corpus.dossier_files()}
    async with app.run_test(size=(120, 40)) as pilot:
        await open_article_at(pilot, ARTICLE_003, GREETED)
        await pilot.press("c")
        await settle(pilot)
        await cite(pilot, "Kozhem", "   ")
        assert isinstance(app.screen, CiteScreen)
        assert str(app.screen.query_one("#cite-error", Static).content) == "the claim text is empty"
        await pilot.press("escape")
        assert not isinstance(app.screen, CiteScreen)
    assert {p: p.read_bytes() for p in corpus.dossier_files()} == before


async def test_new_dossier_from_an_unlinked_name(app: DossierApp, corpus: Corpus) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#results").focus()  # the search box takes printable keys
        await pilot.press("U")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, UnlinkedScreen)
        names = [n.name for n in screen.names]
        # Iran and the Soviet Union have dossiers since issue 7; Northeast Asia has none
        assert "Northeast Asia" in names and not {"Kozemayako", "Iran", "Soviet", "Russian"} & set(
            names
        )
        listing = screen.query_one(UnlinkedNames)
        listing.highlighted = names.index("Northeast Asia")
        await pilot.pause()
        context = str(screen.query_one("#unlinked-context", Static).content)
        assert (
            "Northeast Asia — 2 times" in context
            and "more stable and peaceful Northeast Asia" in context
        )
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewDossierScreen)
        assert form.query_one("#new-name", Input).value == "Northeast Asia"
        assert str(form.query_one("#new-id", Static).content) == "id: northeast-asia"
        await pilot.press("tab", "enter", "down", "down", "enter")  # type: place
        await pilot.press("tab", *"North-East Asia", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen and "Northeast Asia" not in [n.name for n in screen.names]
        assert (corpus.dossiers_dir / "place" / "northeast-asia.yaml").read_text() == (
            'type: place\nname: "Northeast Asia"\naliases:\n- "North-East Asia"\n'
        )
        assert "northeast-asia" in {
            m.entity for m in app.current.entities_in(ARTICLE_000)
        }  # linked at once
    assert keeping.check_corpus(corpus)[1] == []


async def test_new_dossier_with_a_taken_id_is_refused_in_the_form(
    app: DossierApp, corpus: Corpus
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#results").focus()
        await pilot.press("plus")
        assert isinstance(app.screen, NewDossierScreen)
        await pilot.press(*"Russia")
        assert "taken by another dossier" in str(app.screen.query_one("#new-id", Static).content)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert str(app.screen.query_one("#new-error", Static).content) == (
            "the id 'russia' is taken by dossiers/place/russia.yaml"
        )


async def test_undo_the_last_write_from_the_app(app: DossierApp, corpus: Corpus) -> None:
    path = corpus.root / KOZHEMYAKO
    before = path.read_bytes()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_article_at(pilot, ARTICLE_003, GREETED)
        await pilot.press("c")
        await settle(pilot)
        await cite(pilot, "Kozhem", "A claim to take back.")
        assert len(app.current.dossier("oleg-kozhemyako").claims) == 2
        await pilot.press("u")
        await settle(pilot)
        assert path.read_bytes() == before
        assert len(app.current.dossier("oleg-kozhemyako").claims) == 1


async def test_undo_with_the_watcher_on_says_nothing_of_another_process(
    corpus: Corpus, tmp_path: Path
) -> None:
    """Undo reloads, and the file watcher sees the same change and reloads too: one reload runs at a
    time (the second after the first), so the app never waits on its own lock and says "another
    dossier process is updating the index", nor serves the state from before the undo."""
    app = DossierApp(Snapshot.open(corpus, index_root=tmp_path / "index"))
    app.live_reload = True
    before = (corpus.root / KOZHEMYAKO).read_bytes()
    notes: list[Notify] = []
    async with app.run_test(size=(120, 40), message_hook=collect(notes)) as pilot:
        await open_article_at(pilot, ARTICLE_003, GREETED)
        await pilot.press("c")
        await settle(pilot)
        await cite(pilot, "Kozhem", "A claim to take back.")
        await pilot.press("u")
        for _ in range(3):  # what the watcher does when it sees the undone file (once or more)
            app.reload_corpus()
        await settle(pilot)
        await settle(pilot)
        said = [n.notification.message for n in notes]
        assert not [m for m in said if "another dossier process" in m], said
        assert (corpus.root / KOZHEMYAKO).read_bytes() == before
        assert len(app.current.dossier("oleg-kozhemyako").claims) == 1
        assert not app.current.last_sync.notes


@pytest.fixture
def fake_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$EDITOR: a script that records its arguments and adds an unknown field to the file it is
    given."""
    script, record = tmp_path / "fake_editor.py", tmp_path / "editor-args.txt"
    script.write_text(
        "import sys\n"
        f"open({str(record)!r}, 'w').write(' '.join(sys.argv[1:]))\n"
        "with open(sys.argv[-1], 'a') as f:\n"
        "    f.write('colour: red\\n')\n"
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    return record


async def test_edit_a_claim_in_the_editor_then_recheck(
    app: DossierApp, corpus: Corpus, fake_editor: Path
) -> None:
    path = corpus.root / KOZHEMYAKO
    claim_line = path.read_text().splitlines().index(f'- text: "{_first_claim(path)}"') + 1
    notes: list[Notify] = []
    async with app.run_test(size=(120, 40), message_hook=collect(notes)) as pilot:
        app.main.open_item("dossier", "oleg-kozhemyako")
        await settle(pilot)
        items = app.screen.query_one(DossierItems)
        items.focus()
        items.highlighted = next(i for i, o in enumerate(items.options) if o.id == "claim:0")
        await pilot.press("e")
        await settle(pilot)
        assert fake_editor.read_text() == f"+{claim_line} {path}"
        problem = next(
            n for n in notes if n.notification.title == "Problems in oleg-kozhemyako.yaml"
        )
        assert (
            problem.notification.message
            == f"{path.read_text().count(chr(10))}:1: unknown field 'colour'"
        )
        assert any("unknown field 'colour'" in line for line in app.log_lines)


def _first_claim(path: Path) -> str:
    line = next(line for line in path.read_text().splitlines() if line.startswith("- text: "))
    return line[len('- text: "') : -1]


async def test_live_reload_picks_up_outside_changes_and_keeps_the_place(
    corpus: Corpus, tmp_path: Path
) -> None:
    app = DossierApp(Snapshot.open(corpus, index_root=tmp_path / "index"))
    app.live_reload = True
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_article_at(pilot, ARTICLE_003, GREETED)
        top = reader.scroll_offset.y
        (corpus.dossiers_dir / "place" / "launch-vehicle-assembly-building.yaml").write_text(
            "type: place\nname: Launch Vehicle Assembly Building\n"
        )
        (corpus.seeds_dir / "005_new.txt").write_text(
            "Zeppelins over Vostochny\n\nA new article arrives.\n"
        )
        deadline = time.monotonic() + 30
        while (
            app.current.article("005_new") is None
            or app.current.dossier("launch-vehicle-assembly-building") is None
        ):
            assert time.monotonic() < deadline, "the change was never picked up"
            await pilot.pause(0.05)
        await settle(pilot)
        reader = app.screen.query_one(ArticleReader)
        assert reader.article and reader.article.id == ARTICLE_003 and reader.scroll_offset.y == top
        assert reader.article.body[slice(*reader.sentence or (0, 0))] == GREETED
        assert "launch-vehicle-assembly-building" in {
            m.entity for m in reader.mentions
        }  # the reader refreshed
        assert [hit.id for hit in app.current.search("zeppelins").hits] == ["005_new"]
