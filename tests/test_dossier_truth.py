"""The shipped dossiers say only what their quotes say: outside knowledge marked (in the files, in
`dossier show` and in the app), disputes only between articles, the names the articles use covered,
the obvious relations there."""

from __future__ import annotations

from contextlib import suppress

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from dossier.index.api import Snapshot
from dossier.tui.app import DossierApp
from dossier.tui.cli import main
from dossier.tui.widgets.dossier import DossierItems

A001, A003, A004 = "001_5859987bf54530fd", "003_5a1a26e7ddca32af", "004_e5b1709b295aaf7b"


def test_unsupported_leadership_is_marked_outside(bench: Snapshot) -> None:
    kim = {(r.type, r.target): r for r in bench.dossier("kim-jong-un").relations}
    party = kim[("leader_of", "workers-party-of-korea")]
    assert (
        party.is_outside
        and party.quote is None
        and "does not say he leads it" in (party.note or "")
    )
    assert not kim[("leader_of", "north-korea")].is_outside  # "North Korean leader Kim Jong Un"
    governor = {(r.type, r.target): r for r in bench.dossier("oleg-kozhemyako").relations}
    assert governor[("leader_of", "primorye")].is_outside


def test_outside_facts_are_marked(bench: Snapshot) -> None:
    kim = bench.dossier("kim-jong-un")
    assert "Contested" in (kim.outside_note("birthDate") or "")
    assert kim.outside_note("summary") and "armoured" not in (kim.summary or "")
    assert "private train" in (bench.dossier("kim-jong-un-visit-to-russia-2023").summary or "")
    treaty = bench.dossier("putin-visit-to-pyongyang-2024")
    assert "Treaty on Comprehensive Strategic Partnership" in (treaty.outside_note("summary") or "")
    dated = [
        (d.id, r.target)
        for d in bench.dossiers
        for r in d.relations
        if r.start_date and not r.is_outside and not r.outside_note("startDate")
    ]
    assert dated == []  # no article prints a relation's date: every one says where it comes from


def test_disputed_only_where_two_articles_disagree(bench: Snapshot) -> None:
    disputed = sorted((d.id, c.source) for d in bench.dossiers for c in d.claims if c.disputed)
    assert disputed == [
        ("north-korean-missile-launches-2023-09-13", A003),
        ("north-korean-missile-launches-2023-09-13", A004),
        ("vostochny-summit-2023", A003),
        ("vostochny-summit-2023", A004),
    ]
    assert not any(
        "dateline" in c.text for d in bench.dossiers for c in d.claims
    )  # that is metadata now


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("entity:iran", {A001}),
        ("entity:soviet-union", {A001}),
        ("entity:launch-vehicle-assembly-building", {A003}),
    ],
)
def test_what_the_articles_name_has_a_dossier(
    bench: Snapshot, query: str, expected: set[str]
) -> None:
    assert {h.id for h in bench.search(query, limit=50).hits if h.kind == "article"} == expected


@pytest.mark.parametrize(
    ("name", "dossier"),
    [
        ("Washington", "united-states"),
        ("South Korean", "south-korea"),
        ("USSR", "soviet-union"),
        ("invasion of Ukraine", "russian-invasion-of-ukraine"),
    ],
)
def test_missing_aliases(bench: Snapshot, name: str, dossier: str) -> None:
    assert bench.resolve(name).id == dossier


def test_the_obvious_relations(bench: Snapshot) -> None:
    def inside(dossier_id: str) -> set[str]:
        return {
            link.other
            for link in bench.links(dossier_id)
            if link.incoming and link.relation.type in ("located_in", "part_of")
        }

    assert {"tass", "russian-foreign-ministry", "united-aircraft-corporation", "kremlin"} <= inside(
        "russia"
    )
    assert {
        "south-korea-joint-chiefs-of-staff",
        "south-korea-ministry-of-national-defense",
    } <= inside("south-korea")
    assert {"kcna", "workers-party-of-korea"} <= inside("north-korea")
    assert {"kyodo-news", "government-of-japan"} <= inside("japan")
    assert {"bloomberg", "white-house"} <= inside("united-states")
    assert {"khasan", "vladivostok"} <= inside("primorye")
    assert {"yakovlev", "yury-gagarin-aviation-plant"} <= inside("united-aircraft-corporation")
    assert inside("vostochny-cosmodrome") == {"launch-vehicle-assembly-building"}


def test_show_marks_outside_knowledge(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "kim-jong-un"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        "birthDate: 1984  (outside: Contested: North Korea's official record gives 8 January 1984, South Korean "
        "and US intelligence have given 1982 or 1983. No article gives a birth date.)" in out
    )
    assert out[out.index("  -> leader of Workers' Party of Korea  [outside]") + 1].startswith(
        "     note: General Secretary of the Workers' Party of Korea since 2021"
    )
    assert f"  -> met with Vladimir Putin (2023-09-13, outside)  [{A003}]" in out
    assert any(line.startswith("(outside the articles: His titles") for line in out)


def plain(renderable: object) -> str:
    """What a row shows, as text."""
    console = Console(width=200, color_system=None)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


async def settle(pilot: Pilot) -> None:
    for _ in range(2):
        with suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def test_the_dossier_page_marks_outside_knowledge(bench: Snapshot) -> None:
    app = DossierApp(bench)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"Kim Jong Un")
        await settle(pilot)
        await pilot.press("enter", "enter")  # to the results, then open the first: the dossier
        await settle(pilot)
        items = app.screen.query_one(DossierItems)
        prompts = [plain(items.get_option_at_index(i).prompt) for i in range(items.option_count)]
        party = next(p for p in prompts if "leader of Workers' Party of Korea" in p)
        assert "[outside]" in party and "note: General Secretary" in party
        met = next(p for p in prompts if "met with Vladimir Putin" in p)
        assert met.rstrip().endswith("2023-09-13 (outside)")
        head = prompts[0]  # the page's header is its first row
        assert (
            "Outside the articles: His titles" in head and "Born: 1984 (outside: Contested" in head
        )
