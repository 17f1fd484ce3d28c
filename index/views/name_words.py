"""Words that are capitalised without naming anything a dossier could cover: function words that
open a sentence (``The``, ``I``), honorifics and titles written before a name (``Mr``, ``Prime
Minister``), demonyms and compass adjectives (``Russian``, ``Western``), days and months. All lower
case."""

from __future__ import annotations

from functools import lru_cache

from dossier.index.text.analysis import fold


def _listed(words: str) -> frozenset[str]:
    return frozenset(words.split())


FUNCTION_WORDS = _listed("""
a about above across after afterwards again against all almost also although always am among an and another any
anyone anything are around as at be because been before being below besides between both but by can cannot could
did do does doing done down during each either else even ever every everyone everything few for from further had
has have having he her here hers herself him himself his how however i if in indeed instead into is it its itself
just last least less like many may me meanwhile might more moreover most much must my myself neither never
nevertheless next no nobody none nor not nothing now of off often on once one only onto or other others otherwise
our ours ourselves out over own perhaps rather same several shall she should since so some someone something
sometimes still such than that the their theirs them themselves then there therefore these they this those though
through thus to today together tomorrow too toward towards under unless until up upon us very via was we well were
what whatever when whenever where whereas wherever whether which while who whoever whom whose why will with within
without would yes yesterday yet you your yours yourself yourselves later earlier soon according despite
""")

#: Written before a name and not part of it: ``Mr Blair`` is Blair.
HONORIFICS = _listed("mr mrs ms miss dr sir lord lady dame prof professor rev reverend")

#: Titles: ``President Putin``, ``Industry Secretary Patricia Hewitt``: what precedes the name is
#: dropped.
TITLE_HEADS = HONORIFICS | _listed("""
president vice-president minister secretary chancellor governor senator congressman congresswoman mayor
ambassador envoy king queen prince princess emperor pope cardinal bishop archbishop ayatollah sheikh
colonel captain commander admiral lieutenant sergeant marshal judge chairman chairwoman chief
director spokesman spokeswoman leader mp mep commissioner inspector detective coach manager striker midfielder
defender goalkeeper skipper boss
""")

#: Words that may stand before a title head in a title (``Shadow Secretary of State``, ``Prime
#: Minister``).
TITLE_MODIFIERS = _listed("""
prime foreign home deputy former acting shadow state first general attorney defence defense health education
trade industry culture finance interior justice environment transport work pensions labour energy economy
economic sport media regional federal national junior senior assistant executive managing opposition house
commons lords premier major justice
""")

COMPASS = _listed("""
north south east west northern southern eastern western central northeast northwest southeast southwest
north-east north-west south-east south-west
""")

#: Nationality and regional adjectives (a name of a country or region is a place; its adjective is
#: not).
DEMONYMS = _listed("""
afghan african albanian algerian american angolan arab arabian argentine argentinian armenian asian australian
austrian azerbaijani azeri bahraini balkan baltic bangladeshi belarusian belgian bolivian bosnian brazilian british
bulgarian burmese cambodian cameroonian canadian caribbean catalan chechen chilean chinese colombian congolese
croatian cuban cypriot czech danish dutch ecuadorian egyptian emirati english eritrean estonian ethiopian european
filipino finnish flemish french georgian german ghanaian greek guatemalan haitian hungarian icelandic indian
indonesian iranian iraqi irish islamic israeli italian ivorian jamaican japanese jewish jordanian kazakh kenyan
korean kosovan kurdish kuwaiti kyrgyz laotian latin latvian lebanese liberian libyan lithuanian macedonian
malaysian maltese mexican moldovan mongolian montenegrin moroccan muslim namibian nepalese nigerian norwegian
pakistani palestinian panamanian paraguayan persian peruvian polish portuguese qatari romanian russian rwandan
saudi scandinavian scottish serbian siberian singaporean slovak slovakian slovenian somali soviet spanish
sudanese swedish swiss syrian taiwanese tajik tamil tanzanian thai tibetan tunisian turkish turkmen ugandan
ukrainian uruguayan uzbek venezuelan vietnamese welsh yemeni zambian zimbabwean briton brit spaniard scot dane swede
finn turk serb croat kurd
""")

CALENDAR = _listed("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december
""")


def is_function_word(word: str) -> bool:
    """``The``, ``I``, ``It's``, ``I'm``: a function word, or one with a clitic (``’s``,
    ``'ve``)."""
    lower = word.lower().replace("’", "'")
    return lower in FUNCTION_WORDS or lower.split("'", 1)[0] in FUNCTION_WORDS


@lru_cache(maxsize=65536)
def is_demonym(word: str) -> bool:
    """``Russian``, ``Russians``, ``Western``, ``North-Korean`` (compared folded: ``Korеan`` with a
    Cyrillic ``е`` too)."""
    lower = fold(word)
    parts = lower.split("-")
    if len(parts) > 1:
        return all(is_demonym(part) for part in parts)
    return lower in DEMONYMS or lower in COMPASS or (lower.endswith("s") and lower[:-1] in DEMONYMS)


def is_title_word(word: str) -> bool:
    lower = word.lower().rstrip(".")
    return lower in TITLE_HEADS or lower in TITLE_MODIFIERS
