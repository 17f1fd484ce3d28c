"""British and American spellings as one word: ``honour`` and ``honor``, ``organise`` and
``organize``.

:func:`american` maps a folded (lower-case ASCII) word to its American spelling and leaves every
other word alone. It runs inside :func:`dossier.index.text.analysis.fold_word`, so the index, the
query, the highlighter and the linker all see one spelling. The rules are regular ones (-our,
-ise/-isation, -yse, -ll-, -re, -ence, -ogue) with the words that merely look like them kept out,
plus a few irregular words.
"""

from __future__ import annotations

import re

#: -our stems whose derived forms follow (honourable, favourite, armoured).
_OUR = (
    "ardour",
    "armour",
    "behaviour",
    "candour",
    "clamour",
    "colour",
    "demeanour",
    "endeavour",
    "favour",
    "fervour",
    "flavour",
    "harbour",
    "honour",
    "humour",
    "labour",
    "neighbour",
    "odour",
    "parlour",
    "rancour",
    "rumour",
    "saviour",
    "savour",
    "splendour",
    "succour",
    "tumour",
    "valour",
    "vapour",
    "vigour",
)
_OUR_PATTERN = re.compile(rf"^({'|'.join(_OUR)})")

#: -ise, -ised, -ising, -iser(s), -isation(s): -ize... unless the word is one of the -ise words of
#: both.
_ISE = re.compile(r"^([a-z]{3,}?)is(e|es|ed|ing|er|ers|ation|ations|ational)$")
_ISE_KEEP_ENDINGS = (
    "adise",
    "advertise",
    "chastise",
    "chemise",
    "chise",
    "circumcise",
    "compromise",
    "concise",
    "demise",
    "excise",
    "exercise",
    "expertise",
    "guise",
    "incise",
    "moonrise",
    "mortise",
    "ndise",
    "oise",
    "precise",
    "premise",
    "prise",
    "promise",
    "raise",
    "spise",
    "sunrise",
    "surmise",
    "treatise",
    "uise",
    "uprise",
    "valise",
    "vise",
    "wise",
)
#: -yse verbs: analyse, paralyse, catalyse, dialyse (not the nouns analysis, paralysis).
_YSE = re.compile(r"^(anal|paral|catal|dial|hydrol|electrol)ys(e|es|ed|ing|er|ers)$")
#: British -ll- before a suffix: travelled, cancelling, labelled, modeller, counsellor.
_LL = re.compile(
    r"^(travel|cancel|label|model|fuel|signal|level|counsel|channel|dial|marshal|total|tunnel|quarrel|revel|"
    r"shovel|rival|equal|jewel|pencil|libel|duel|panel|spiral|initial|marvel)l(ed|ing|er|ers|or|ors)$"
)
#: -re nouns and their plural.
_RE = re.compile(
    r"^(cent|theat|fib|calib|somb|spect|meag|lust|sab|(?:kilo|centi|milli)?met|(?:milli)?lit)re(s?)$"
)
_IRREGULAR = {
    "defence": "defense",
    "defences": "defenses",
    "offence": "offense",
    "offences": "offenses",
    "licence": "license",
    "licences": "licenses",
    "pretence": "pretense",
    "programme": "program",
    "programmes": "programs",
    "grey": "gray",
    "aluminium": "aluminum",
    "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers",
    "judgement": "judgment",
    "judgements": "judgments",
    "acknowledgement": "acknowledgment",
    "ageing": "aging",
    "sceptic": "skeptic",
    "sceptical": "skeptical",
    "mould": "mold",
    "plough": "plow",
    "jewellery": "jewelry",
    "catalogue": "catalog",
    "catalogues": "catalogs",
    "analogue": "analog",
    "dialogue": "dialog",
    "dialogues": "dialogs",
    "pyjamas": "pajamas",
    "centred": "centered",
    "centring": "centering",
}


def american(word: str) -> str:
    """The American spelling of a folded word (``honour`` -> ``honor``), or the word itself."""
    if len(word) < 4 or not word.isalpha():
        return word
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if match := _OUR_PATTERN.match(word):
        return match.group(1)[:-2] + "r" + word[match.end() :]
    if (match := _ISE.match(word)) and not (match.group(1) + "ise").endswith(_ISE_KEEP_ENDINGS):
        return f"{match.group(1)}iz{match.group(2)}"
    if match := _YSE.match(word):
        return f"{match.group(1)}yz{match.group(2)}"
    if match := _LL.match(word):
        return match.group(1) + match.group(2)
    if match := _RE.match(word):
        return f"{match.group(1)}er{match.group(2)}"
    return word
