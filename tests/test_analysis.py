"""The analyzer chain: folding, stemming and offsets on the original text."""

from __future__ import annotations

from dossier.index.text.analysis import fold, fold_word, lower_case_words, text_analyzer, words


def test_fold_word_handles_homoglyphs_scripts_and_width() -> None:
    assert fold_word("Korеa") == "korea"  # Cyrillic е inside a Latin word
    assert fold_word("Путин") == "putin"
    assert fold_word("ＫＣＮＡ") == "kcna"
    assert fold_word("김정은") == "gimjeongeun"


def test_fold_collapses_space_and_quotes() -> None:
    assert fold("Kim’s  train\n arrived") == "kim's train arrived"


def test_offsets_stay_on_the_original_characters() -> None:
    text = "Thе еnеrgy dеal"
    tokens = [(t.text, text[t.startchar : t.endchar]) for t in text_analyzer()(text, chars=True)]
    assert tokens == [("energi", "еnеrgy"), ("deal", "dеal")]  # "Thе" is a stop word once folded


def test_words_are_not_stemmed_and_keep_single_letters() -> None:
    assert words("The Kim Jong-un's U.S. trips") == [
        ("kim", 4, 7),
        ("jong", 8, 12),
        ("un", 13, 15),
        ("s", 16, 17),
        ("u", 18, 19),
        ("s", 20, 21),
        ("trips", 23, 28),
    ]


def test_lower_case_words_are_the_words_written_lower_case_somewhere() -> None:
    text = "Arsene Wenger met the arsenal of Energy officials. Energy prices and Putin's energy plan; Путин, путин."
    expected = {word for word, start, _ in words(text) if text[start].islower()}
    assert lower_case_words(text) == expected
    assert (
        {"energy", "putin", "arsenal"} <= expected
        and "arsene" not in expected
        and "wenger" not in expected
    )
