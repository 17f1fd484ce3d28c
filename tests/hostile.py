"""A hostile corpus: the terminal escape sequences of issue 10 in an article, a dossier and a file
name."""

from __future__ import annotations

import shutil
from pathlib import Path

from dossier.index.corpus.articles import Corpus
from dossier.index.text.safe_text import is_safe, safe_text

PROJECT = Path(__file__).resolve().parent.parent

#: Each sequence an article from the web could carry, and what it would do to an unprotected
#: terminal.
SEQUENCES = {
    "osc52-clipboard": "\x1b]52;c;c3Rwd25lZA==\x1b\\",
    "clear-screen": "\x1b[2J",
    "window-title": "\x1b]0;pwned\x07",
    "osc8-hyperlink": "\x1b]8;;http://evil.example/\x1b\\innocent link\x1b]8;;\x1b\\",
    "c1-csi": "\x9b31m",
    "bidi-override": "\u202etxt.exe\u202c and \u2066isolated\u2069",
}

TITLE = f"Zorbex report {SEQUENCES['window-title']} with [bold]no markup[/bold]"
ARTICLE = "\n".join(
    [
        TITLE,
        "",
        "Zorbex zorbex " + " zorbex ".join(SEQUENCES.values()) + " zorbex.",
        "The Zorbex Agent met officials in Khasan.",
        *(f"Paragraph {name}: zorbex {sequence} end." for name, sequence in SEQUENCES.items()),
    ]
)
#: A file whose NAME (so the article's id) is hostile too.
HOSTILE_NAME = f"zorbex-name{SEQUENCES['clear-screen']}{SEQUENCES['window-title']}.txt"

DOSSIER = r"""type: person
name: "Zorbex \e]0;pwned\a Agent"
aliases: ["Zorbex Agent", "Zorbex \e]52;c;c3Rwd25lZA==\e\\ Alias"]
summary: "Summary \e[2J with \u202etxt.exe\u202c and [bold]no markup[/bold] and \x9b31m"
position: "Agent \e]8;;http://evil.example/\e\\innocent link\e]8;;\e\\"
claims:
- text: "Claim \e]0;pwned\a about zorbex"
  source: zorbex-hostile
  quote: "The Zorbex Agent met officials in Khasan."
  note: "Note \e[2J"
"""
#: A dossier file whose name carries a sequence: it is reported (not an id), path and all.
BAD_DOSSIER_NAME = f"bad{SEQUENCES['window-title']}.yaml"


def make_hostile_corpus(root: Path) -> Corpus:
    """The real corpus plus the hostile article, dossier and file names."""
    shutil.copytree(PROJECT / "seeds", root / "seeds")
    shutil.copytree(PROJECT / "dossiers", root / "dossiers")
    (root / "seeds" / "zorbex-hostile.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "seeds" / HOSTILE_NAME).write_text(
        "Zorbex by name\n\nA zorbex article with a hostile file name.\n"
    )
    (root / "dossiers" / "person" / "zorbex-agent.yaml").write_text(DOSSIER, encoding="utf-8")
    (root / "dossiers" / "person" / BAD_DOSSIER_NAME).write_text("type: person\nname: Bad Name\n")
    return Corpus(root)


def visible(name: str) -> str:
    """How sequence ``name`` looks once made safe (e.g. ``␛]52;c;c3Rwd25lZA==␛\\``)."""
    return safe_text(SEQUENCES[name])


def assert_shown_literally(text: str, *names: str) -> None:
    """``text`` holds no control character, and the sequences ``names`` are shown in visible
    form."""
    bad = sorted({f"U+{ord(c):04X}" for c in text if not is_safe(c)})
    assert not bad, f"unsafe characters reached the output: {bad}"
    for name in names:
        assert visible(name) in text, f"{name} not shown literally"
