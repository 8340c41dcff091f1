"""entities.resolve: countries, years, measures, items and what the tables do not cover."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from policyqa.figures.entities import Measure, resolve, table_countries
from policyqa.figures.items import items_of, vocabulary
from policyqa.figures.lexicon import (
    FIGURE_WORDS,
    country_names,
    hs_goods_vocabulary,
    hs_vocabulary,
    is_filler,
    without_brackets,
)
from policyqa.text import STOP_WORDS, singular, words

from conftest import corpus_tables

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
DOC = "jef-policy-recommendations-supply-chain-resilience-2025"


def items(question: str) -> list[tuple[str, str, str]]:
    """(table number, row label, how) of each item the question resolves to."""
    by_id = {t.table_id: t for t in corpus_tables()}
    return [(by_id[m.table_id].number, m.label, m.how) for m in resolve(question, corpus_tables()).items]


# --- countries ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "countries"),
    [
        ("What share of Japan's imports came from the US in 2020?", ("US",)),
        ("What share of Japan's imports came from the USA in 2020?", ("US",)),
        ("What share of Japan's imports came from the U.S. in 2020?", ("US",)),
        ("What share of Japan's imports came from the United States in 2020?", ("US",)),
        ("What was America's share in 2020?", ("US",)),
        ("What was Korea's share in 2020?", ("South Korea",)),
        ("What was South Korea's share in 2020?", ("South Korea",)),
        ("What was the share of the Republic of Korea in 2020?", ("South Korea",)),
        ("How much comes from Korean suppliers?", ("South Korea",)),
        ("What share of iridium comes from the UK or Britain?", ("UK",)),
        ("What share of nickel ore comes from New Caledonia?", ("New Caledonia (France)",)),
        ("Shares of the EU, the European Union and ASEAN in 2010", ("EU", "ASEAN")),
        ("What share came from Viet Nam, Russia and the UAE?", ("Vietnam", "Russia", "UAE")),
        ("Chinese and Taiwanese shares of wafers", ("China", "Taiwan")),
        ("Tell us about lithium-ion battery imports", ()),  # "us" is no country
        ("What share of Japan's imports came from North Korea?", ()),
    ],
)
def test_country_aliases_resolve_to_printed_names(question: str, countries: tuple[str, ...]) -> None:
    assert resolve(question, corpus_tables()).countries == countries


@pytest.mark.parametrize(
    ("question", "uncovered"),
    [
        ("What was Brazil's share of Japan's imports in 2020?", ("Brazil",)),
        ("What share of Japan's imports came from North Korea?", ("North Korea",)),
        ("What share of lithium comes from South America?", ("South America",)),
        ("What share of Japan's cobalt imports come from the Congo?", ("Congo", "cobalt")),
    ],
)
def test_countries_no_table_prints_are_uncovered(question: str, uncovered: tuple[str, ...]) -> None:
    found = resolve(question, corpus_tables())
    assert (found.countries, found.uncovered) == ((), uncovered)


def test_japan_is_the_importer_not_a_supplier() -> None:
    found = resolve("What share of Japan's fertilizer imports came from China?", corpus_tables())
    assert (found.countries, found.uncovered) == (("China",), ())


# --- years, tables, codes and measures ----------------------------------------------------


@pytest.mark.parametrize(
    ("question", "years", "span"),
    [
        ("How did China's share change between 2010 and 2024?", (2010, 2024), (2010, 2024)),
        ("China's share from 2015 to 2020", (2015, 2020), (2015, 2020)),
        ("China's share 2015-2020", (2015, 2020), (2015, 2020)),
        ("How has China's share changed since 2020?", (2020,), (2020, None)),
        ("China's share until 2005", (2005,), (None, 2005)),
        ("China's share in 2010 and 2020", (2010, 2020), None),
        ("China's share in 2024", (2024,), None),
        ("Which items have an HHI above 50?", (), None),
    ],
)
def test_years_and_ranges(question: str, years: tuple[int, ...], span) -> None:
    found = resolve(question, corpus_tables())
    assert (found.years, found.span) == (years, span)


@pytest.mark.parametrize("year", [1990, 1999, 2025, 2030])
def test_years_no_table_covers_are_uncovered(year: int) -> None:
    assert resolve(f"What was China's share in {year}?", corpus_tables()).uncovered == (str(year),)


def test_named_tables_restrict_and_unknown_ones_are_uncovered() -> None:
    found = resolve("How many items in Tables 3 and 4 have an HHI above 90?", corpus_tables())
    assert found.tables == (f"{DOC}:table-3", f"{DOC}:table-4")
    assert resolve("Items in Tables 2-4", corpus_tables()).tables == tuple(f"{DOC}:table-{n}" for n in (2, 3, 4))
    assert resolve("What is the HHI in Table 7?", corpus_tables()).uncovered == ("Table 7",)
    assert resolve("List the HHIs in Table 3.", corpus_tables()).tables == (f"{DOC}:table-3",)


@pytest.mark.parametrize(
    ("question", "measures"),
    [
        ("What share of fertilizers comes from China?", ("share",)),
        ("What is the HHI of selenium?", ("hhi",)),
        ("How concentrated are imports of selenium?", ("hhi",)),
        ("What are imports of fertilizers worth?", ("amount",)),
        ("Top three suppliers of fertilizers?", ("rank",)),
        ("How many items in Table 3 have an HHI above 90?", ("count", "hhi")),
        ("When was the IPEF Supply Chain Agreement signed?", ()),
    ],
)
def test_measures(question: str, measures: tuple[str, ...]) -> None:
    assert resolve(question, corpus_tables()).measures == measures


def test_non_figure_questions_are_not_figure_questions() -> None:
    for question in (
        "When was the IPEF agreement signed?",
        "Why is Japan dependent on China for rare earths?",
        "What does the study group recommend on supply chain resilience?",
        # a name the passages give, though the question names goods the tables hold
        "Which firm supplies most of Japan's natural graphite?",
        "What government agency oversees rare earth stockpiles?",
    ):
        assert not resolve(question, corpus_tables()).asks_figure


# --- items --------------------------------------------------------------------------------

LI = ("2", "850760 Lithium-ion batteries")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What share of Japan's lithium-ion battery imports came from China?", [(*LI, "table wording")]),
        ("What share of lithium ion batteries came from China?", [(*LI, "table wording")]),
        ("HHI of HS 850760", [(*LI, "HS code")]),
        ("HHI of 8507.60", [(*LI, "HS code")]),
        ("HHI of lithium-ion accumulators", [(*LI, "HS description")]),
        ("HHI of storage batteries", [("2", "Storage batteries", "table wording")]),
        ("HHI of batteries", [("2", "Storage batteries", "table wording")]),
        ("HHI of HS 8507", [("2", "Storage batteries", "HS code")]),
        ("HHI of natural graphite in flakes", [("3", "250410 Natural black ship (powder or flake)", "HS description")]),
        (
            "HHI of natural graphite",
            [
                ("3", "250410 Natural black ship (powder or flake)", "HS description"),
                ("3", "250490 Natural black ship (other)", "HS description"),
            ],
        ),
        ("HHI of natural black ship (other)", [("3", "250490 Natural black ship (other)", "table wording")]),
        ("Who supplies photosensitive semiconductor devices?", [("2", "854143 Photovoltaic cells", "HS description")]),
        ("What share of solar cells come from China?", [("2", "854143 Photovoltaic cells", "table wording")]),
        ("HHI of LNG", [("2", "Combustible natural gas", "table wording")]),
        (
            "HHI of fertilizers and permanent magnets",
            [("2", "Fertilizers", "table wording"), ("2", "Permanent magnets", "table wording")],
        ),
        (
            "HHI of platinum",
            [
                ("4", "711011 Platinum (unprocessed and powdered)", "table wording"),
                ("4", "711019 Platinum (other)", "table wording"),
            ],
        ),
        ("HHI of lithium-ion batteires", [(*LI, "table wording")]),  # one typo
        ("Which items have an HHI above 50?", []),
    ],
)
def test_items_by_wording_code_and_official_description(question: str, expected) -> None:
    assert items(question) == expected


@pytest.mark.parametrize(
    ("question", "uncovered"),
    [
        ("What share of Japan's banana imports come from China?", ("banana",)),
        ("What is the HHI of cobalt?", ("cobalt",)),
        ("What is the HHI of rare earth magnets?", ("rare earth magnets",)),
        (
            "What share of HS 080390 imports come from China?",
            ("HS 080390 (Fruit, edible; bananas, other than plantains, fresh or dried)",),
        ),
        ("What share of Japan's exports go to China?", ("exports",)),
    ],
)
def test_items_no_table_covers_are_uncovered_not_near_misses(question: str, uncovered) -> None:
    found = resolve(question, corpus_tables())
    assert (found.items, found.uncovered) == ((), uncovered)


@pytest.mark.parametrize(
    "question",
    [
        "How many of the 21 rows of Table 2 have China as the first-place supplier?",
        "In Table 2, how many rows list China as the 1st place supplier?",
        "Which items listed in Table 3 have an HHI above 90?",
        "Which three countries were Japan's top suppliers of fertilizers, in order?",
        "In which year did Australia reach its highest share of Japan's imports?",
        "When did China's share hit a record high, and when did it peak?",
        "How concentrated were imports of selenium, as measured by the HHI?",
        "In which years was the US share of Japan's imports larger than China's?",
        "When did Vietnam's share last exceed Thailand's?",
    ],
)
def test_generic_words_of_figure_questions_are_never_uncovered(question: str) -> None:
    assert resolve(question, corpus_tables()).uncovered == ()


def test_a_gloss_restating_a_table_title_names_the_table_not_items() -> None:
    found = resolve(
        "Which items in Tables 3 and 4 (rare metals and rare earths) have an HHI of 100.0?", corpus_tables()
    )
    assert (found.tables, found.items, found.uncovered) == ((f"{DOC}:table-3", f"{DOC}:table-4"), (), ())
    assert items("What is the HHI of rare earth metals in Table 3?") == [
        (
            "3",
            "280530 Rare earth metals, scandium, and yttrium (regardless of whether they are mixed or "
            "alloyed with each other)",
            "table wording",
        ),
        (
            "3",
            "284690 Other rare earth metals, inorganic or organic compounds of yttrium or scandium, and "
            "mixtures of these metals, whether or not in organic compounds",
            "table wording",
        ),
    ]


def test_words_beside_an_hs_code_name_only_that_codes_row() -> None:
    assert items("Top source of rare earth metals, scandium and yttrium (HS 280530)?") == [
        (
            "3",
            "280530 Rare earth metals, scandium, and yttrium (regardless of whether they are mixed or "
            "alloyed with each other)",
            "HS code",
        ),
    ]
    assert items("Share of machines for making semiconductor devices (HS 848620) from the Netherlands") == [
        (
            "2",
            "848620 Equipment for manufacturing professional semiconductor devices or integrated circuits",
            "HS code",
        ),
    ]
    assert items("HHI of HS 850760 and of fertilizers") == [(*LI, "HS code"), ("2", "Fertilizers", "table wording")]


def test_words_match_by_their_roots_only_when_nothing_matches_as_written() -> None:
    assert items("What share of lead-acid starter batteries came from Korea?") == [
        ("2", "850710 Lead-acid batteries for starting piston engines", "table wording"),
    ]


@pytest.mark.parametrize(
    ("word", "filler"),
    [
        ("reached", True),
        ("measured", True),
        ("peaking", True),
        ("hitting", True),
        ("topped", True),
        ("rows", True),
        ("order", True),
        ("listed", True),
        ("using", False),
        ("starter", False),
        ("batteries", False),
    ],
)
def test_inflections_of_figure_words_are_fillers(word: str, filler: bool) -> None:
    assert is_filler(word) is filler


def test_a_year_before_a_comma_is_a_year() -> None:
    found = resolve("Who supplied platinum (HS 711011) in 2024, and how much?", corpus_tables())
    assert (found.years, found.uncovered) == ((2024,), ())


def test_a_name_no_table_uses_is_uncovered_and_other_unknown_words_are_read_past() -> None:
    found = resolve("What share of semiconductor subsidies went to Rapidus?", corpus_tables())
    assert (found.uncovered, found.ignored) == (("rapidus",), ("subsidies",))


@pytest.mark.parametrize(
    ("question", "uncovered", "ignored"),
    [
        # goods by their place in the question, though no vocabulary lists them
        ("What is the HHI of Japan's soybean imports?", ("soybean",), ()),
        ("How concentrated are imports of soybean?", ("soybean",), ()),
        # a flow the tables do not hold
        ("What share of Japan's exports go to China?", ("exports",), ()),
        # words of the asking, not of what is asked
        ("Who was the main seller of natural graphite to Japan?", (), ("seller",)),
        ("How much did Japan splash out on lithium-ion batteries?", (), ("splash",)),
        ("How much did Japan pay for lithium-ion batteries?", (), ()),  # paying asks for the amount
        # "held" is in the HS nomenclature ("hand-held"), but only describing goods, never naming them
        ("Which supplier held first place for natural graphite?", (), ("held",)),
    ],
)
def test_only_names_goods_and_flows_are_uncovered(
    question: str, uncovered: tuple[str, ...], ignored: tuple[str, ...]
) -> None:
    found = resolve(question, corpus_tables())
    assert (found.uncovered, found.ignored) == (uncovered, ignored)


def test_naming_the_hs_without_a_code_is_covered_where_the_rows_carry_hs_codes() -> None:
    question = "How many HS sub-items in Table 2 have China as the top supplier?"
    assert "hs" not in [w.lower() for w in resolve(question, corpus_tables()).uncovered]
    from test_lookup import make_table

    uncoded = make_table("Imports by partner (2030)", ["Partner", "Share (%)"], [["France", "12.1"], ["Poland", "8.0"]])
    assert "hs" in resolve("How many HS lines come from Poland?", [uncoded]).uncovered


def test_hs_goods_words_are_the_words_naming_goods_not_those_describing_them() -> None:
    goods = hs_goods_vocabulary()
    assert {"graphite", "tungsten", "magnet", "semiconductor"} <= goods
    assert not {"held", "bill", "top", "every"} & goods
    assert not {"covered", "coated", "refined"} & goods and "seed" in goods  # how goods are made is no goods
    assert {"held", "bill"} <= hs_vocabulary()  # the whole nomenclature has them


def test_lithium_from_brazil_names_the_item_but_not_the_country() -> None:
    found = resolve("What share of Japan's lithium imports come from Brazil?", corpus_tables())
    assert [m.label for m in found.items] == ["850760 Lithium-ion batteries"]
    assert (found.countries, found.uncovered) == ((), ("Brazil",))


# --- properties: permuted and misspelt names still resolve; gibberish never does ----------


def _known() -> frozenset[str]:
    return hs_vocabulary() | vocabulary(items_of(corpus_tables())) | STOP_WORDS | FIGURE_WORDS


def _typo(word: str, position: int, letter: str, how: str) -> str:
    """One edit of `word` at `position`: substitute, insert, delete, or swap with the next."""
    i = position % len(word)
    if how == "substitute":
        return word[:i] + letter + word[i + 1 :]
    if how == "insert":
        return word[:i] + letter + word[i:]
    if how == "delete":
        return word[:i] + word[i + 1 :]
    j = min(i, len(word) - 2)
    return word[:j] + word[j + 1] + word[j] + word[j + 2 :]


EDITS = st.tuples(
    st.integers(0, 20),
    st.sampled_from("abcdefghijklmnopqrstuvwxyz"),
    st.sampled_from(["substitute", "insert", "delete", "swap"]),
)


def _misspelt(name_words: list[str], pick: int, edit) -> tuple[list[str], str]:
    """The words with one name word of five letters or more misspelt (into no real word)."""
    fillers = STOP_WORDS | FIGURE_WORDS
    long = [i for i, w in enumerate(name_words) if len(w) >= 5 and w.isalpha() and w.lower() not in fillers]
    assume(long)
    k = long[pick % len(long)]
    typo = _typo(name_words[k], *edit).lower()
    alias_words = {w for name, _ in country_names() for w in words(name)}
    real = _known() | alias_words
    assume(typo != name_words[k].lower() and typo not in real and singular(typo) not in real)
    return [*name_words[:k], typo, *name_words[k + 1 :]], typo


@settings(max_examples=150, deadline=None)
@given(st.data(), st.integers(0, 5), EDITS, st.booleans())
def test_a_table_country_permuted_or_misspelt_still_resolves(data, pick: int, edit, misspell: bool) -> None:
    printed = data.draw(st.sampled_from(table_countries(corpus_tables())))
    name_words = without_brackets(printed).split()
    name_words = data.draw(st.permutations(name_words))
    if misspell:
        name_words, typo = _misspelt(list(name_words), pick, edit)
        # "Chila" is one edit from Chile as from China: either reading is right, so neither is asserted.
        others = {w.lower() for name in table_countries(corpus_tables()) if name != printed for w in name.split()}
        assume(all(OSA.distance(typo, other) > 1 for other in others))
    question = f"What share of Japan's fertilizer imports came from {' '.join(name_words)}?"
    assert resolve(question, corpus_tables()).countries == (printed,)


def _item_rows() -> list[tuple[str, int, str]]:
    return [
        (t.table_id, r.index, r.label[len(r.code or "") :].strip())
        for t in corpus_tables()
        if any(c.kind == "label" for c in t.schema)
        for r in t.rows
    ]


@settings(max_examples=150, deadline=None)
@given(st.data(), st.integers(0, 20), EDITS, st.booleans())
def test_an_item_permuted_or_misspelt_still_resolves_to_its_row(data, pick: int, edit, misspell: bool) -> None:
    table_id, row, name = data.draw(st.sampled_from(_item_rows()))
    name_words = data.draw(st.permutations(re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)?", name)))
    if misspell:
        name_words, _ = _misspelt(list(name_words), pick, edit)
    found = resolve(f"What is the HHI of {' '.join(name_words)}?", corpus_tables())
    assert (table_id, row) in [(m.table_id, m.row) for m in found.items]
    assert found.uncovered == ()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="qxzjvwk", min_size=3, max_size=9), min_size=1, max_size=3))
def test_gibberish_resolves_to_nothing(gibberish: list[str]) -> None:
    found = resolve(f"What share of {' '.join(gibberish)} came from {gibberish[0]}?", corpus_tables())
    assert (found.items, found.countries) == ((), ())


def test_a_word_the_corpus_uses_is_never_read_as_a_misspelt_goods_word():
    from policyqa.text import stem_of

    question = "Looking at the yearly country shares of Japan's imports, in which year was China's share highest?"
    assert "looking" in resolve(question, corpus_tables()).uncovered  # read as a misspelling of a goods word
    known = frozenset(stem_of(w) for w in ("looking", "yearly", "country"))
    assert "looking" not in resolve(question, corpus_tables(), known=known).uncovered
    # a true misspelling the corpus never uses is still corrected
    assert resolve("What is the HHI of permanent magents?", corpus_tables(), known=known).items


def test_the_importer_is_the_one_the_tables_titles_name_not_a_country_built_in():
    from test_lookup import make_table

    shares = make_table(
        "Germany's import shares by partner (2030)", ["Partner", "Share (%)"], [["France", "12.1"], ["Poland", "8.0"]]
    )
    assert "Germany" not in resolve("What share of Germany's imports came from Poland?", [shares]).uncovered
    assert "Japan" in resolve("What share of Japan's imports came from Poland?", [shares]).uncovered


def test_any_currency_asks_for_an_amount():
    for unit in ("euros", "dollars", "yen", "rupees"):
        assert Measure.AMOUNT in resolve(f"How many billion {unit} did France import?", []).measures
