"""Unlinked names: capitalised names and acronyms the articles use that no dossier covers."""

from __future__ import annotations

from dossier.index.api import Workbench
from dossier.index.views.unlinked import name_spans, unlinked_names


def spans_text(text: str, linked: tuple[tuple[int, int], ...] = (), common: frozenset[str] = frozenset()) -> list[str]:
    return [text[a:b] for a, b in name_spans(text, linked, common)]


def test_runs_of_capitalised_words_with_connectors_and_acronyms() -> None:
    text = ("Inspectors of the IAEA met the Joint Chiefs of Staff and the Soviet Union’s envoy in Vienna on Monday; "
            "later the Bank of the Philippine Islands.")
    assert spans_text(text, common=frozenset({"inspectors"})) == [
        "IAEA", "Joint Chiefs of Staff", "Soviet Union", "Vienna", "Bank of the Philippine Islands"]


def test_sentence_openers_common_words_and_linked_names_are_left_out() -> None:
    text = "There, Governor Oleg Kozemayako met Iran's envoy. - Both sides agreed."
    linked = ((text.index("Oleg"), text.index(" met")),)
    assert spans_text(text, linked, frozenset({"there"})) == ["Iran", "Both"]


def test_counts_fold_spellings_and_keep_contexts() -> None:
    articles = [
        ("a1", "Title Line\nThe USSR fell. Later the USSR was gone.\n", []),
        ("a2", "Title\nIn the ＵＳＳＲ (full width) and the USSR again. According to Iran.\n", []),
        ("a3", "T\nAccording to TASS, Iran agreed.\n", []),
    ]
    found = unlinked_names(articles)
    assert [(n.name, n.count) for n in found] == [("USSR", 4), ("Iran", 2), ("TASS", 1)]
    first = found[0].contexts[0]
    assert (first.article_id, first.sentence, first.sentence[slice(*first.span)]) == ("a1", "The USSR fell.", "USSR")
    assert [n.name for n in unlinked_names(articles, min_count=2)] == ["USSR", "Iran"]


def test_real_seeds(bench: Workbench) -> None:
    found = {n.name: n for n in bench.unlinked_names()}
    assert {"Russian", "Northeast Asia"} <= found.keys()
    assert found["Russian"].count == 8
    # names of dossiers (Kozemayako, TASS, Vostochny; Iran, Soviet and the Launch Vehicle Assembly Building, once
    # issue 7 added them) and headings ("Economic Cooperation") are not there
    assert not {"Kozemayako", "TASS", "Vostochny", "Iran", "Soviet", "Launch Vehicle Assembly Building",
                "Economic Cooperation", "Cooperation", "According"} & found.keys()
    northeast = found["Northeast Asia"].contexts[0]
    assert "Northeast Asia" in northeast.sentence
