"""Loading dossiers: every kind of breakage reported at its line and column, the rest still
loading."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from dossier.index.corpus.articles import Corpus
from dossier.index.dossiers.load import load_dossier, load_dossiers
from dossier.index.dossiers.schema import TYPES, Dossier

SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.fixture
def corpus(tmp_path: Path, write) -> Corpus:
    """A copy of the seeds, empty type folders and one valid dossier, ``good``."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    for kind in TYPES:
        (tmp_path / "dossiers" / kind).mkdir(parents=True)
    write(Corpus(tmp_path), "person/good.yaml", "type: person\nname: Good Person\n")
    return Corpus(tmp_path)


def problems_of(corpus: Corpus) -> list[str]:
    """The problems of the corpus, after asserting that the valid dossier still loaded."""
    dossiers, problems = load_dossiers(corpus)
    assert "good" in [dossier.id for dossier in dossiers]
    return [str(problem) for problem in problems]


def test_yaml_syntax_error(corpus: Corpus, write) -> None:
    path = write(corpus, "person/broken.yaml", "type: person\nname: Broken\n  aliases: [x\n")
    assert problems_of(corpus) == [
        f"{path}:3:10: YAML syntax error: mapping values are not allowed in this context"
    ]


def test_unclosed_flow_sequence(corpus: Corpus, write) -> None:
    path = write(corpus, "person/broken.yaml", "type: person\nname: Broken\naliases: [x, y\n")
    message = "YAML syntax error: did not find expected ',' or ']'"
    assert problems_of(corpus) == [f"{path}:4:1: {message}"]


def test_wrong_type_for_fields(corpus: Corpus, write) -> None:
    path = write(
        corpus,
        "person/typed.yaml",
        """
        type: person
        name: [Kim, Jong]
        aliases: {a: 1}
        claims:
          - text: t
            source: 003_5a1a26e7ddca32af
            quote: q
            disputed: yes
        """,
    )
    assert problems_of(corpus) == [
        f"{path}:2:7: name: expected a string, got a list",
        f"{path}:3:10: aliases: expected a list, got a mapping",
        f"{path}:8:15: claims[0].disputed: expected true or false, got 'yes'",
    ]


def test_missing_name(corpus: Corpus, write) -> None:
    path = write(corpus, "person/nameless.yaml", "# no name\ntype: person\nsummary: Someone.\n")
    assert problems_of(corpus) == [f"{path}:2:1: missing required field 'name'"]


def test_missing_field_in_a_relation(corpus: Corpus, write) -> None:
    path = write(corpus, "person/r.yaml", "type: person\nname: R\nrelations:\n  - type: met_with\n")
    assert problems_of(corpus) == [f"{path}:4:5: relations[0]: missing required field 'target'"]


def test_unknown_field(corpus: Corpus, write) -> None:
    path = write(
        corpus, "place/typo.yaml", "type: place\nname: Typo\nregion: Amur\nlattitude: 51.9\n"
    )
    assert problems_of(corpus) == [f"{path}:4:1: unknown field 'lattitude'"]


def test_unknown_field_in_a_claim(corpus: Corpus, write) -> None:
    path = write(
        corpus,
        "person/c.yaml",
        """
        type: person
        name: C
        claims:
          - text: t
            source: 003_5a1a26e7ddca32af
            quote: q
            sauce: x
        """,
    )
    assert problems_of(corpus) == [f"{path}:7:5: claims[0]: unknown field 'sauce'"]


def test_loader_set_fields_are_not_written(corpus: Corpus, write) -> None:
    path = write(corpus, "person/i.yaml", "type: person\nid: other\nname: I\n")
    assert problems_of(corpus) == [f"{path}:2:1: unknown field 'id'"]


def test_field_of_another_type(corpus: Corpus, write) -> None:
    path = write(corpus, "person/p.yaml", "type: person\nname: P\nlatitude: 39.0\n")
    assert problems_of(corpus) == [
        f"{path}:3:1: 'latitude' is a place field, not allowed on a person"
    ]


def test_file_outside_type_folders(corpus: Corpus, write) -> None:
    loose = write(corpus, "loose.yaml", "type: person\nname: Loose\n")
    nested = write(corpus, "person/more/nested.yaml", "type: person\nname: Nested\n")
    assert problems_of(corpus) == [
        f"{loose}:1:1: not in a type folder (person, organization, place, event)",
        f"{nested}:1:1: not in a type folder (person, organization, place, event)",
    ]


def test_type_must_match_folder(corpus: Corpus, write) -> None:
    path = write(corpus, "place/kim.yaml", "name: Kim\ntype: person\n")
    assert problems_of(corpus) == [f"{path}:2:7: type: 'person' does not match its folder 'place'"]


def test_unknown_type(corpus: Corpus, write) -> None:
    path = write(corpus, "person/h.yaml", "type: human\nname: H\n")
    assert problems_of(corpus) == [
        f"{path}:1:7: type: 'human' is not one of person, organization, place, event"
    ]


def test_bad_latitude_and_longitude(corpus: Corpus, write) -> None:
    path = write(
        corpus, "place/far.yaml", "type: place\nname: Far\nlatitude: 91.5\nlongitude: east\n"
    )
    assert problems_of(corpus) == [
        f"{path}:3:11: latitude: must be between -90 and 90",
        f"{path}:4:12: longitude: expected a number, got 'east'",
    ]


def test_bad_relation_type(corpus: Corpus, write) -> None:
    path = write(
        corpus,
        "person/met.yaml",
        """
        type: person
        name: Met
        relations:
          - type: met_with
            target: good
          - type: met
            target: good
        """,
    )
    assert problems_of(corpus) == [
        f"{path}:6:11: relations[1].type: 'met' is not one of member_of, leader_of, works_for, "
        "spokesperson_for, met_with, greeted, invited, visited, hosted, located_in, part_of, "
        "participant_in, reported_on, allied_with"
    ]


def test_bad_ids_dates_and_country_codes(corpus: Corpus, write) -> None:
    path = write(
        corpus,
        "event/e.yaml",
        """
        type: event
        name: E
        country: [ru, KP]
        startDate: 2023-02-30
        endDate: 13.09.2023
        place: Vostochny Cosmodrome
        """,
    )
    assert problems_of(corpus) == [
        f"{path}:3:15: country[1]: 'KP' is not a country code (two lower-case letters)",
        f"{path}:4:12: startDate: '2023-02-30' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
        f"{path}:5:10: endDate: '13.09.2023' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
        f"{path}:6:8: place: 'Vostochny Cosmodrome' is not an id (lower-case words joined by '-')",
    ]


def test_file_name_must_be_an_id(corpus: Corpus, write) -> None:
    path = write(corpus, "person/Kim_Jong_Un.yaml", "type: person\nname: Kim\n")
    assert problems_of(corpus) == [
        f"{path}:1:1: file name 'Kim_Jong_Un' is not an id (lower-case words joined by '-')"
    ]


def test_duplicate_key(corpus: Corpus, write) -> None:
    path = write(corpus, "person/twice.yaml", "type: person\nname: One\nname: Two\n")
    assert problems_of(corpus) == [f"{path}:3:1: duplicate key 'name'"]


def test_duplicate_id_keeps_the_first(corpus: Corpus, write) -> None:
    write(corpus, "person/kim.yaml", "type: person\nname: Kim\n")
    second = write(corpus, "place/kim.yaml", "type: place\nname: Kim\n")
    dossiers, problems = load_dossiers(corpus)
    message = "duplicate id 'kim': already used by dossiers/person/kim.yaml"
    assert [str(p) for p in problems] == [f"{second}:1:1: {message}"]
    assert [(d.id, d.type) for d in dossiers] == [("good", "person"), ("kim", "person")]


def test_empty_and_comment_only_files(corpus: Corpus, write) -> None:
    empty = write(corpus, "person/empty.yaml", "")
    blank = write(corpus, "person/blank.yaml", "\n  \n")
    comment = write(corpus, "person/comment.yaml", "# to do\n")
    assert problems_of(corpus) == [
        f"{blank}:1:1: empty file",
        f"{comment}:1:1: empty file",
        f"{empty}:1:1: empty file",
    ]


def test_non_mapping_files(corpus: Corpus, write) -> None:
    listed = write(corpus, "person/listed.yaml", "- type: person\n- name: Listed\n")
    scalar = write(corpus, "person/scalar.yaml", "Kim Jong Un\n")
    assert problems_of(corpus) == [
        f"{listed}:1:1: top level must be a mapping of fields, got a list",
        f"{scalar}:1:1: top level must be a mapping of fields, got 'Kim Jong Un'",
    ]


def test_undecodable_and_control_characters(corpus: Corpus, write) -> None:
    latin = write(corpus, "person/latin.yaml", "type: person\nname: Caf\xe9\n".encode("latin-1"))
    control = write(corpus, "person/control.yaml", b"type: person\nname: Bell\x07\n")
    assert problems_of(corpus) == [
        f"{control}:2:11: YAML syntax error: control characters are not allowed (U+0007)",
        f"{latin}:2:1: not valid UTF-8 (byte 22)",
    ]


def test_unreadable_file(corpus: Corpus) -> None:
    path = corpus.dossiers_dir / "person" / "folder.yaml"
    path.mkdir()
    dossier, problems = load_dossier(path)
    assert dossier is None
    assert [str(p) for p in problems] == [f"{path}:1:1: unreadable: Is a directory"]


def test_lenient_forms(corpus: Corpus, write) -> None:
    write(
        corpus,
        "person/lenient.yaml",
        """
        type: person
        name: Lenient
        aliases: Len
        country: no
        nationality: kp
        tags: leader
        birthDate: 1984
        relations:
          - type: met_with
            target: good
            startDate: 2023-09-13
        """,
    )
    dossiers, problems = load_dossiers(corpus)
    assert problems == []
    lenient = dossiers[1]
    assert (lenient.aliases, lenient.country, lenient.nationality, lenient.tags) == (
        ("Len",),
        ("no",),
        ("kp",),
        ("leader",),
    )
    assert (lenient.birth_date, lenient.relations[0].start_date) == ("1984", "2023-09-13")


ROUND_TRIP = {
    "person": {"position": "Leader", "nationality": ["kp"], "birthDate": "1984-01-08"},
    "organization": {"jurisdiction": "ru"},
    "place": {"latitude": 51.88, "longitude": 128.33, "region": "Amur Oblast"},
    "event": {
        "startDate": "2023-09",
        "endDate": "2023",
        "place": "good",
        "participants": ["good", "x"],
    },
}


@pytest.mark.parametrize("kind", TYPES)
def test_valid_dossier_round_trips_all_fields(corpus: Corpus, kind: str, write) -> None:
    data = {
        "type": kind,
        "name": "Kim Jong Un",
        "aliases": ["Kim Jong-un", "Kim Jong Un", "김정은"],
        "summary": "Leader.",
        "country": ["kp"],
        "tags": ["leader"],
        "relations": [
            {
                "type": "met_with",
                "target": "good",
                "startDate": "2023-09-13",
                "source": "outside",
                "note": "O.",
                "outside": {},
            },
            {
                "type": "leader_of",
                "target": "good",
                "source": "003_5a1a26e7ddca32af",
                "quote": "Q.",
                "outside": {"startDate": "Elsewhere."},
                "startDate": "2020",
            },
        ],
        "claims": [
            {
                "text": "T.",
                "source": "003_5a1a26e7ddca32af",
                "quote": "Q.",
                "disputed": True,
                "note": "N.",
                "outside": {},
            },
            {
                "text": "U.",
                "source": "004_e5b1709b295aaf7b",
                "quote": "R.",
                "disputed": False,
                "outside": {},
            },
            {
                "text": "V.",
                "source": "outside",
                "note": "Public record.",
                "disputed": False,
                "outside": {},
            },
        ],
        "outside": {"summary": "Background."},
        **ROUND_TRIP[kind],
    }
    path = write(corpus, f"{kind}/kim-jong-un.yaml", yaml.safe_dump(data, allow_unicode=True))
    dossier, problems = load_dossier(path)
    assert problems == []
    assert dossier is not None
    assert (dossier.id, dossier.path) == ("kim-jong-un", path)
    assert dossier.model_dump(
        mode="json", by_alias=True, exclude={"id", "path"}, exclude_none=True
    ) == {
        **data,
        **{key: [] for key in ("nationality", "participants") if key not in data},
    }
    assert Dossier.model_validate(dossier.model_dump()) == dossier
    assert dossier.names == ["Kim Jong Un", "Kim Jong-un", "김정은"]
    assert dossier.label == f"Kim Jong Un ({kind})"
    assert hash(dossier) == hash(Dossier.model_validate(dossier.model_dump()))


def test_problem_at_locates_nested_nodes(corpus: Corpus, write) -> None:
    path = write(
        corpus,
        "person/loc.yaml",
        """
        type: person
        name: Loc
        claims:
          - text: t
            source: 003_5a1a26e7ddca32af
            quote: q
        """,
    )
    dossier, _ = load_dossier(path)
    assert dossier is not None
    assert (
        str(dossier.problem_at(("claims", 0, "quote"), "odd"))
        == f"{path}:6:12: claims[0].quote: odd"
    )
    assert (
        str(dossier.problem_at(("claims", 0, "note"), "odd")) == f"{path}:4:5: claims[0].note: odd"
    )
    assert str(dossier.problem_at((), "odd")) == f"{path}:1:1: odd"


def test_every_relation_type_reads_from_its_target_side() -> None:
    from dossier.index.dossiers.schema import INVERSE_LABELS, RELATION_TYPES

    assert set(INVERSE_LABELS) == set(RELATION_TYPES)


def test_every_listed_attribute_is_a_dossier_field() -> None:
    from dossier.index.dossiers.schema import ATTRIBUTES, LINK_ATTRIBUTES, TYPE_FIELDS, Dossier

    fields = set(Dossier.model_fields)
    assert {name for name, _ in ATTRIBUTES} <= fields and set(LINK_ATTRIBUTES) <= fields
    assert set(TYPE_FIELDS) <= {name for name, _ in ATTRIBUTES}
