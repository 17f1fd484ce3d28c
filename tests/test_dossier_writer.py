"""Writing dossiers: appends keep every other byte, writes are validated, atomic, race-safe and
undoable."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dossier.index.atomic import Staged
from dossier.index.corpus.articles import Corpus
from dossier.index.dossiers import writer as dossier_writer
from dossier.index.dossiers.check import check_corpus
from dossier.index.dossiers.load import load_dossier
from dossier.index.dossiers.writer import DossierWriter, NewClaim, NewRelation, derive_id
from dossier.index.errors import DossierWriteError

ARTICLE_003 = "003_5a1a26e7ddca32af"
ARTICLE_004 = "004_e5b1709b295aaf7b"
WELCOMED = (
    "He was welcomed by an honor guard and senior Russian officials, signaling the importance of this visit "
    "to both countries."
)
GREETED = (
    "There, Kim was greeted with a red carpet by Natural Resources Minister Alexander Kozlov, "
    "Regional Governor Oleg Kozemayako, honor guards, and a military band."
)
TASS = (
    "According to Russia’s state news agency TASS, both leaders met at the entrance of the Launch Vehicle "
    "Assembly Building, where Kim expressed gratitude to Putin for inviting him to Russia despite his busy "
    "schedule."
)
CLAIM = NewClaim("Greeted Kim at the border.", ARTICLE_003, GREETED)

#: Hand-formatted on purpose: comments everywhere, indented dashes, flow lists, a block scalar,
#: single and double quotes, blank lines, a comment after the last claim, and a note with ': ' and '
#: # '.
HAND_MADE = """\
# Kept by hand. Do not reorder.
type: person   # always person
name: 'Oleg Kozhemyako'

aliases:
    - Kozemayako      # 003's spelling
    - "Олег Кожемяко"
summary: |
  Governor of Primorye.

  Greeted Kim at the border.
country: [ru]   # flow style

claims:
    - text: "First claim: greeted."
      source: 003_5a1a26e7ddca32af   # the Vostochny article
      quote: >-
        There, Kim was greeted with a red carpet by Natural Resources Minister Alexander Kozlov,
        Regional Governor Oleg Kozemayako, honor guards, and a military band.
      disputed: true  # 004 tells it otherwise
      # (end of the first claim)

# trailing remarks about the file
"""


@pytest.fixture
def corpus(tmp_path: Path, copy_corpus) -> Corpus:
    return copy_corpus(tmp_path / "corpus")


@pytest.fixture
def writer(corpus: Corpus, tmp_path: Path) -> DossierWriter:
    return DossierWriter(corpus, tmp_path / "state")


def put(corpus: Corpus, rel: str, text: str, newline: str = "\n", bom: bool = False) -> Path:
    path = corpus.root / rel
    path.write_bytes(
        ("\ufeff" if bom else "").encode() + text.replace("\n", newline).encode("utf-8")
    )
    return path


def inserted(old: bytes, new: bytes) -> bytes:
    """The one contiguous run of bytes ``new`` adds to ``old``; fails if any byte of ``old``
    changed."""
    prefix = 0
    while prefix < len(old) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < len(old) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    assert prefix + suffix == len(old), "bytes of the original changed"
    assert new[:prefix] + new[len(new) - suffix :] == old
    return new[prefix : len(new) - suffix]


def added_exactly(old: bytes, new: bytes, chunk: str) -> None:
    """``new`` is ``old`` with ``chunk`` inserted once, every other byte the same."""
    assert chunk.encode() in new and new.replace(chunk.encode(), b"", 1) == old


def no_problems(corpus: Corpus) -> None:
    assert check_corpus(corpus)[1] == []


@pytest.mark.parametrize(("newline", "bom"), [("\n", False), ("\r\n", False), ("\n", True)])
def test_claim_appended_keeps_every_other_byte(
    corpus: Corpus, writer: DossierWriter, newline: str, bom: bool
) -> None:
    path = put(corpus, "dossiers/person/oleg-kozhemyako.yaml", HAND_MADE, newline, bom)
    old = path.read_bytes()
    result = writer.add_claim(
        "oleg-kozhemyako",
        NewClaim(
            "Second: met Kozlov.", ARTICLE_004, WELCOMED.lower(), disputed=True, note="a: b # c"
        ),
    )
    expected = (
        f'    - text: "Second: met Kozlov."\n      source: {ARTICLE_004}\n      quote: "{WELCOMED}"\n'
        '      disputed: true\n      note: "a: b # c"\n'
    ).replace("\n", newline)
    # the article's own words, not the lower-cased quote; in the file's layout, after the last
    # claim's lines
    added_exactly(old, path.read_bytes(), expected)
    assert path.read_bytes().index(expected.encode()) == old.index(b"      # (end")
    assert result.line == HAND_MADE[: HAND_MADE.index("      # (end")].count("\n") + 1
    dossier, problems = load_dossier(path)
    assert problems == [] and dossier is not None
    assert [c.text for c in dossier.claims] == ["First claim: greeted.", "Second: met Kozlov."]
    no_problems(corpus)


def test_relation_goes_to_the_end_when_the_file_has_none(
    corpus: Corpus, writer: DossierWriter
) -> None:
    alone = HAND_MADE.replace(
        "      disputed: true  # 004 tells it otherwise\n", ""
    )  # no 004 claim here
    path = put(
        corpus, "dossiers/person/oleg-kozhemyako.yaml", alone.rstrip("\n")
    )  # no final newline
    old = path.read_bytes()
    result = writer.add_relation(
        "oleg-kozhemyako", NewRelation("met_with", "alexander-kozlov", ARTICLE_003, GREETED)
    )  # a date would need outside: (check)
    assert (
        path.read_bytes()
        == old
        + (
            "\nrelations:\n    - type: met_with\n      target: alexander-kozlov\n"
            f'      source: {ARTICLE_003}\n      quote: "{GREETED}"\n'
        ).encode()
    )
    assert path.read_text().splitlines()[result.line - 1] == "    - type: met_with"
    no_problems(corpus)


def test_empty_inline_list_becomes_a_block(corpus: Corpus, writer: DossierWriter) -> None:
    path = put(
        corpus,
        "dossiers/person/oleg-kozhemyako.yaml",
        "type: person\nname: Oleg Kozhemyako\nclaims: []   # none yet\ntags: [governor]\n",
    )
    writer.add_claim("oleg-kozhemyako", CLAIM)
    assert path.read_text() == (
        "type: person\nname: Oleg Kozhemyako\nclaims:   # none yet\n"
        f'- text: "Greeted Kim at the border."\n  source: {ARTICLE_003}\n  quote: "{GREETED}"\n'
        "tags: [governor]\n"
    )
    no_problems(corpus)


def test_every_shipped_dossier_takes_a_claim(corpus: Corpus, writer: DossierWriter) -> None:
    for path in corpus.dossier_files():
        old = path.read_bytes()
        writer.add_claim(path.stem, CLAIM)
        added = inserted(old, path.read_bytes())
        assert added.endswith(f'quote: "{GREETED}"\n'.encode()), path
    no_problems(corpus)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda w: w.add_claim("nobody", CLAIM), "no dossier 'nobody'"),
        (lambda w: w.add_claim("../seeds/x", CLAIM), "no dossier '../seeds/x'"),
        (
            lambda w: w.add_claim("kim-jong-un", NewClaim("t", "004_nope", GREETED)),
            "no article '004_nope' in seeds/",
        ),
        (
            lambda w: w.add_claim(
                "kim-jong-un",
                NewClaim("t", ARTICLE_003, "There, Kim was greeted with a red carpet"),
            ),
            "the quote is not a sentence of article 003_5a1a26e7ddca32af; it is part of: "
            "“There, Kim was greeted with a "
            "red carpet by Natural Resources Minister Alexande…”",
        ),
        (
            lambda w: w.add_claim("kim-jong-un", NewClaim("t", ARTICLE_003, "Kim was not there.")),
            "the quote is not a sentence of article 003_5a1a26e7ddca32af",
        ),
        (
            lambda w: w.add_claim("kim-jong-un", NewClaim("  ", ARTICLE_003, GREETED)),
            "the claim text is empty",
        ),
        (
            lambda w: w.add_claim("kim-jong-un", NewClaim("a\nb", ARTICLE_003, GREETED)),
            "the claim text contains a control character (a line break or tab?)",
        ),
        (
            lambda w: w.add_claim(
                "kim-jong-un", NewClaim("t", ARTICLE_003, GREETED, note="evil \u202e txt")
            ),
            "the note contains a control character (a line break or tab?)",
        ),
        (
            lambda w: w.add_relation(
                "kim-jong-un", NewRelation("likes", "russia", ARTICLE_003, GREETED)
            ),
            "'likes' is not a relation type (member_of, leader_of, works_for, spokesperson_for, met_with, greeted, "
            "invited, visited, hosted, located_in, part_of, participant_in, reported_on, allied_with)",
        ),
        (
            lambda w: w.add_relation(
                "kim-jong-un", NewRelation("visited", "atlantis", ARTICLE_003, GREETED)
            ),
            "no dossier 'atlantis'",
        ),
        (
            lambda w: w.add_relation(
                "kim-jong-un", NewRelation("visited", "russia", ARTICLE_003, GREETED, "2023-13")
            ),
            "'2023-13' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
        ),
        (
            lambda w: w.create("city", "Atlantis"),
            "'city' is not a dossier type (person, organization, place, event)",
        ),
        (
            lambda w: w.create("place", "../.."),
            "cannot make an id from the name '../..': it has no letters or digits",
        ),
        (
            lambda w: w.create("place", "Russia"),
            "the id 'russia' is taken by dossiers/place/russia.yaml",
        ),
        (
            lambda w: w.create("place", "Rossiyskaya", ["Great Russia", "Kozemayako"]),
            "'Kozemayako' is already a name of oleg-kozhemyako",
        ),
        (lambda w: w.undo(), "nothing to undo"),
    ],
)
def test_bad_writes_are_refused_and_write_nothing(
    corpus: Corpus, writer: DossierWriter, call, message: str
) -> None:
    articles = [Path(f.path) for f in corpus.listing().articles]
    before = {p: p.read_bytes() for p in [*corpus.dossier_files(), *articles]}
    with pytest.raises(DossierWriteError) as raised:
        call(writer)
    assert str(raised.value) == message
    assert {p: p.read_bytes() for p in [*corpus.dossier_files(), *articles]} == before


def test_a_broken_dossier_is_not_appended_to(corpus: Corpus, writer: DossierWriter) -> None:
    path = put(corpus, "dossiers/person/oleg-kozhemyako.yaml", "type: person\nname: [unclosed\n")
    with pytest.raises(
        DossierWriteError,
        match=r"^oleg-kozhemyako has problems, fix them first: .*oleg-kozhemyako"
        r"\.yaml:\d+:\d+: YAML syntax error",
    ):
        writer.add_claim("oleg-kozhemyako", CLAIM)
    assert path.read_text() == "type: person\nname: [unclosed\n"


def test_create_derives_the_id_and_writes_only_under_dossiers(
    corpus: Corpus, writer: DossierWriter
) -> None:
    result = writer.create("place", "East Germany", ["GDR", "ГДР", "GDR"])
    assert result.path == corpus.dossiers_dir / "place" / "east-germany.yaml"
    assert (
        result.path.read_text() == 'type: place\nname: "East Germany"\naliases:\n- "GDR"\n- "ГДР"\n'
    )
    assert (
        writer.create("place", "../../seeds/x").path
        == corpus.dossiers_dir / "place" / "seeds-x.yaml"
    )
    assert derive_id("Олег Кожемяко") == "oleg-kozhemyako"
    assert derive_id("Workers’ Party of Korea") == "workers-party-of-korea"
    no_problems(corpus)


def test_outside_edit_since_the_snapshot_is_kept(corpus: Corpus, writer: DossierWriter) -> None:
    since = writer.snapshot("kim-jong-un")
    path = since.path
    edited = since.data.replace(b"summary:", b"# edited in vim meanwhile\nsummary:", 1)
    path.write_bytes(edited)
    result = writer.add_claim("kim-jong-un", CLAIM, since=since)
    assert result.rebased
    inserted(edited, path.read_bytes())  # the outside edit is all there, the claim added to it
    no_problems(corpus)


def test_a_write_racing_an_outside_change_loses_nothing(
    corpus: Corpus, writer: DossierWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor saves between the writer's read and its rename: the claim is re-applied to that
    version."""
    path = writer.path_of("kim-jong-un")
    original = path.read_bytes()
    edited = original + b"# saved by the editor at the worst moment\n"
    real_staged = dossier_writer.staged
    calls = []

    @contextmanager
    def editor_saves_meanwhile(target: Path, data: bytes) -> Iterator[Staged]:
        if target == path:
            calls.append(data)
            if len(calls) == 1:
                target.write_bytes(edited)
        with real_staged(target, data) as new:
            yield new

    monkeypatch.setattr(dossier_writer, "staged", editor_saves_meanwhile)
    result = writer.add_claim("kim-jong-un", CLAIM)
    assert len(calls) == 2 and result.rebased
    final = path.read_bytes()
    assert final.startswith(original) and final.endswith(
        b"# saved by the editor at the worst moment\n"
    )
    assert inserted(edited, final).startswith(b'- text: "Greeted Kim at the border."')
    assert not [p for p in path.parent.iterdir() if p.suffix == ".tmp"]  # no temporary file left


def test_a_file_that_keeps_changing_is_left_alone(
    corpus: Corpus, writer: DossierWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = writer.path_of("kim-jong-un")
    real_staged = dossier_writer.staged
    saves = []

    @contextmanager
    def editor_saves_every_time(target: Path, data: bytes) -> Iterator[Staged]:
        assert target == path  # no undo record is written for a write that did not happen
        saves.append(target.read_bytes() + b"# again\n")
        target.write_bytes(saves[-1])
        with real_staged(target, data) as new:
            yield new

    monkeypatch.setattr(dossier_writer, "staged", editor_saves_every_time)
    with pytest.raises(
        DossierWriteError,
        match=r"^dossiers/person/kim-jong-un\.yaml keeps changing on disk; "
        r"nothing written$",
    ):
        writer.add_claim("kim-jong-un", CLAIM)
    assert path.read_bytes() == saves[-1]
    assert writer.last_write() is None


def test_undo_puts_back_the_exact_bytes(
    corpus: Corpus, writer: DossierWriter, tmp_path: Path
) -> None:
    path = put(corpus, "dossiers/person/oleg-kozhemyako.yaml", HAND_MADE, "\r\n")
    old = path.read_bytes()
    writer.add_claim("oleg-kozhemyako", CLAIM)
    assert writer.last_write() == "dossiers/person/oleg-kozhemyako.yaml"
    assert DossierWriter(corpus, tmp_path / "state").undo() == path  # kept on disk, not in memory
    assert path.read_bytes() == old
    with pytest.raises(DossierWriteError, match=r"^nothing to undo$"):
        writer.undo()


def test_undo_of_a_create_removes_the_file(writer: DossierWriter) -> None:
    path = writer.create("event", "Khasan Meeting").path
    assert writer.undo() == path and not path.exists()


def test_undo_refuses_after_an_outside_change(corpus: Corpus, writer: DossierWriter) -> None:
    path = writer.add_claim("kim-jong-un", CLAIM).path
    path.write_bytes(path.read_bytes() + b"# later edit\n")
    with pytest.raises(
        DossierWriteError,
        match=r"^not undone: dossiers/person/kim-jong-un\.yaml changed since "
        r"the last write$",
    ):
        writer.undo()
    assert path.read_bytes().endswith(b"# later edit\n")


def test_writes_never_leave_dossiers(corpus: Corpus, tmp_path: Path) -> None:
    (corpus.dossiers_dir / "person" / "evil.yaml").symlink_to(
        corpus.seeds_dir / f"{ARTICLE_003}.txt"
    )
    with pytest.raises(DossierWriteError, match=r"^refusing to write outside"):
        DossierWriter(corpus, tmp_path / "state").add_claim("evil", CLAIM)
