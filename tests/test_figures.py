"""answer_figures over the default corpus: exact texts, cited rows, figures as printed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_lookup import make_table

from policyqa.figures.engine import FigureAnswer, answer_figures, read_intent
from policyqa.records import Figure, Table
from policyqa.text import stem_of

from conftest import corpus_tables

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TABLE_2 = "Table 2: Import dependence on important strategic materials (2024)"


def row_ids(rows: list[tuple[str, str]]) -> tuple[tuple[str, int], ...]:
    """(table number, row label) -> (table_id, row index)."""
    out = []
    for number, label in rows:
        table = next(t for t in corpus_tables() if t.number == number)
        out.append((table.table_id, next(r.index for r in table.rows if r.label == label)))
    return tuple(out)


def ask(question: str) -> FigureAnswer | None:
    return answer_figures(question, corpus_tables())


CASES = [
    # lookups: a country's share of an item, an item's HHI or amount, a share in a year
    (
        "What share of Japan's lithium-ion battery imports came from China?",
        "China's share of Japan's imports of lithium-ion batteries (HS 850760) in 2024: 76.8% (1st place) [1].",
        [("2", "850760 Lithium-ion batteries")],
    ),
    (
        "What is the HHI for HS 850760?",
        "The HHI of Japan's imports of lithium-ion batteries (HS 850760) in 2024: 60.2 [1].",
        [("2", "850760 Lithium-ion batteries")],
    ),
    (
        "What are Japan's imports of fertilizers worth?",
        "Japan's imports of fertilizers in 2024: 1,126.2 billion yen [1].",
        [("2", "Fertilizers")],
    ),
    (
        "What share of Japan's imports came from the USA in 2015?",
        "The US share of Japan's imports (all items) in 2015: 10.3% [1].",
        [("1", "2015")],
    ),
    (
        "What was the share of the United States in Japan's imports in 2024?",
        "The US share of Japan's imports (all items) in 2024: 11.3% [1].",
        [("1", "2024")],
    ),
    (
        "What was America's share of Japan's imports in 2000?",
        "The US share of Japan's imports (all items) in 2000: 19.0% [1].",
        [("1", "2000")],
    ),
    (
        "What was Korea's share of Japan's imports in 2024?",
        "South Korea's share of Japan's imports (all items) in 2024: 4.2% [1].",
        [("1", "2024")],
    ),
    (
        "What was ASEAN's share in 2000?",
        "The ASEAN share of Japan's imports (all items) in 2000: 15.7% [1].",
        [("1", "2000")],
    ),
    (
        "What is China's share of Japan's imports?",
        "China's share of Japan's imports (all items) in 2024: 22.5% [1].",
        [("1", "2024")],
    ),
    # aliases, bracketed names and common names
    (
        "What share of nickel ore comes from New Caledonia?",
        "New Caledonia (France)'s share of Japan's imports of nickel ore (including concentrates) (HS 260400) in "
        "2024: 58.8% (1st place) [1].",
        [("3", "260400 Nickel ore (including concentrates)")],
    ),
    (
        "What is the share of the UK in Japan's imports of iridium?",
        "The UK share of Japan's imports of iridium, osmium, and ruthenium (unprocessed and powdered) (HS 711041) in "
        "2024: 2.9% (3rd place) [1].",
        [("4", "711041 Iridium, osmium, and ruthenium (unprocessed and powdered)")],
    ),
    (
        "How much of Japan's permanent magnet imports come from the Philippines?",
        "Philippines' share of Japan's imports of permanent magnets in 2024: 29.7% (2nd place) [1].",
        [("2", "Permanent magnets")],
    ),
    (
        "What share of Japan's LNG imports comes from Australia?",
        "Australia's share of Japan's imports of combustible natural gas in 2024: 38.8% (1st place) [1].",
        [("2", "Combustible natural gas")],
    ),
    (
        "What share of solar cells come from China?",
        "China's share of Japan's imports of photovoltaic cells (HS 854143) in 2024: 82.5% (1st place) [1].",
        [("2", "854143 Photovoltaic cells")],
    ),
    (
        "What share of Japan's imports of memory chips come from Taiwan?",
        "Taiwan's share of Japan's imports of professional memory elements (HS 854232) in 2024: 57.5% (1st place) [1].",
        [("2", "854232 Professional memory elements")],
    ),
    # official HS wording and HS codes; a group and its sub-item
    (
        "What share of lithium-ion accumulators comes from South Korea?",
        "South Korea's share of Japan's imports of lithium-ion batteries (HS 850760: Electric accumulators; "
        "lithium-ion, including separators, whether or not rectangular (including square)) in 2024: 9.9% (2nd place) "
        "[1].",
        [("2", "850760 Lithium-ion batteries")],
    ),
    (
        "What is the HHI of natural graphite in flakes?",
        "The HHI of Japan's imports of natural black ship (powder or flake) (HS 250410: Graphite; natural, in powder "
        "or in flakes) in 2024: 73.9 [1].",
        [("3", "250410 Natural black ship (powder or flake)")],
    ),
    (
        "What is the HHI of natural graphite?",
        "The HHI of Japan's imports of natural black ship (powder or flake) (HS 250410: Graphite; natural, in powder "
        "or in flakes) in 2024: 73.9 [1]. The HHI of Japan's imports of natural black ship (other) (HS 250490: "
        "Graphite; natural, in other forms, excluding powder or flakes) in 2024: 92.2 [2].",
        [("3", "250410 Natural black ship (powder or flake)"), ("3", "250490 Natural black ship (other)")],
    ),
    (
        "Who supplies photosensitive semiconductor devices?",
        "The top three suppliers of Japan's imports of photovoltaic cells (HS 854143: Electrical apparatus; "
        "photosensitive semiconductor devices, photovoltaic cells assembled in modules or made up into panels) in "
        "2024: China 82.5%, Philippines 13.6%, Taiwan 2.3% [1].",
        [("2", "854143 Photovoltaic cells")],
    ),
    (
        "What is the HHI of storage batteries?",
        "The HHI of Japan's imports of storage batteries in 2024: 51.3 [1].",
        [("2", "Storage batteries")],
    ),
    (
        "What is the HHI of lithium-ion batteries?",
        "The HHI of Japan's imports of lithium-ion batteries (HS 850760) in 2024: 60.2 [1].",
        [("2", "850760 Lithium-ion batteries")],
    ),
    (
        "What is the HHI of HS 8507?",
        "The HHI of Japan's imports of storage batteries in 2024: 51.3 [1].",
        [("2", "Storage batteries")],
    ),
    # rankings: suppliers as printed (ragged rows, shares that do not descend), extremes
    (
        "Compare the HHI of fertilizers and permanent magnets",
        "The HHI of Japan's imports of fertilizers in 2024: 21.1 [1]. The HHI of Japan's imports of permanent magnets "
        "in 2024: 26.4 [2].",
        [("2", "Fertilizers"), ("2", "Permanent magnets")],
    ),
    (
        "Top three suppliers of fertilizers?",
        "The top three suppliers of Japan's imports of fertilizers in 2024: China 39.1%, Canada 18.8%, Malaysia 10.3% "
        "[1].",
        [("2", "Fertilizers")],
    ),
    (
        "What is the largest supplier of tungsten ore?",
        "The top supplier of Japan's imports of tungsten ore (including concentrates) (HS 261100) in 2024: Portugal "
        "100.0% [1].",
        [("3", "261100 Tungsten ore (including concentrates)")],
    ),
    (
        "Who supplies selenium?",
        "Table 3 lists only two suppliers of Japan's imports of selenium (HS 280490) in 2024: Germany 96.9%, US 3.1% "
        "[1].",
        [("3", "280490 Selenium")],
    ),
    (
        "What are the top suppliers of Platinum (other)?",
        "The top three suppliers of Japan's imports of platinum (other) (HS 711019) in 2024: Taiwan 54.0%, "
        "Switzerland 3.2%, South Korea 10.1% (as printed: the shares listed do not descend) [1].",
        [("4", "711019 Platinum (other)")],
    ),
    (
        "Who is the second largest supplier of Platinum (other)?",
        "The supplier ranked 2nd for Japan's imports of platinum (other) (HS 711019) in 2024: Switzerland 3.2% (as "
        "printed: the shares listed do not descend) [1].",
        [("4", "711019 Platinum (other)")],
    ),
    (
        "Which item has the highest HHI?",
        "The highest HHI in Tables 2, 3 and 4 in 2024 (3 items, with ties): tungsten ore (including concentrates) (HS "
        "261100) 100.0 [1]; thorium ore (including concentrates) (HS 261220) 100.0 [2]; tungsten lumps (including "
        "rods obtained by simple sintering) (HS 810194) 100.0 [3].",
        [
            ("3", "261100 Tungsten ore (including concentrates)"),
            ("3", "261220 Thorium ore (including concentrates)"),
            ("4", "810194 Tungsten lumps (including rods obtained by simple sintering)"),
        ],
    ),
    (
        "What are the top 5 items by import amount?",
        "The five largest import amounts in Tables 2, 3 and 4 in 2024: combustible natural gas 62,332.8 billion yen "
        "[1]; semiconductor devices and integrated circuits 51,914.8 billion yen [2]; other integrated circuits (HS "
        "854239) 15,417.0 billion yen [3]; processors and controllers (HS 854321) 15,236.1 billion yen [4]; metal "
        "minerals 11,928.7 billion yen [5].",
        [
            ("2", "Combustible natural gas"),
            ("2", "Semiconductor devices and integrated circuits"),
            ("2", "854239 Other integrated circuits"),
            ("2", "854321 Processors and controllers"),
            ("2", "Metal minerals"),
        ],
    ),
    (
        "What is the lowest HHI?",
        "The lowest HHI in Tables 2, 3 and 4 in 2024: antimicrobial agents 10.1 [1].",
        [("2", "Antimicrobial agents")],
    ),
    (
        "Which country is Japan's largest supplier?",
        "The largest share of Japan's imports (all items) in 2024 (countries only; EU and ASEAN left out): China "
        "22.5% [1].",
        [("1", "2024")],
    ),
    (
        "What were the top three countries in Japan's imports in 2024?",
        "The three largest shares of Japan's imports (all items) in 2024 (countries only; EU and ASEAN left out): "
        "China 22.5%, US 11.3%, Australia 7.1% [1].",
        [("1", "2024")],
    ),
    (
        "In which year was the US share lowest?",
        "From 2000 to 2024, the US share of Japan's imports (all items) was lowest in 2013: 8.4% [1].",
        [("1", "2013")],
    ),
    (
        "When did China's share peak?",
        "From 2000 to 2024, China's share of Japan's imports (all items) was highest in 2016: 25.8% [1].",
        [("1", "2016")],
    ),
    # changes between two years, in percentage points with both values
    (
        "In which year was Australia's share highest between 2000 and 2010?",
        "Between 2000 and 2010, Australia's share of Japan's imports (all items) was highest in 2010: 6.5% [1].",
        [("1", "2010")],
    ),
    (
        "How did China's share of Japan's imports change between 2010 and 2024?",
        "China's share of Japan's imports (all items) rose from 22.1% in 2010 to 22.5% in 2024, a change of +0.4 "
        "percentage points [1][2].",
        [("1", "2010"), ("1", "2024")],
    ),
    (
        "How has China's share changed since 2020?",
        "China's share of Japan's imports (all items) fell from 25.7% in 2020 to 22.5% in 2024, a change of -3.2 "
        "percentage points [1][2].",
        [("1", "2020"), ("1", "2024")],
    ),
    (
        "How did the US share of Japan's imports change from 2000 to 2024?",
        "The US share of Japan's imports (all items) fell from 19.0% in 2000 to 11.3% in 2024, a change of -7.7 "
        "percentage points [1][2].",
        [("1", "2000"), ("1", "2024")],
    ),
    # threshold filters and counts
    (
        "What share of Japan's imports came from Taiwan in 2023 and 2024?",
        "Taiwan's share of Japan's imports (all items) fell from 4.5% in 2023 to 4.1% in 2024, a change of -0.4 "
        "percentage points [1][2].",
        [("1", "2023"), ("1", "2024")],
    ),
    (
        "Which items in Table 4 have an HHI above 60?",
        "6 items in Table 4 have an HHI above 60 in 2024: tungsten lumps (including rods obtained by simple "
        "sintering) (HS 810194) 100.0 [1]; molybdenum ingots (including rods obtained by simple sintering) (HS "
        "810294) 99.2 [2]; platinum (unprocessed and powdered) (HS 711011) 74.0 [3]; rhodium (unprocessed and "
        "powdered) (HS 711031) 70.4 [4]; iridium, osmium, and ruthenium (unprocessed and powdered) (HS 711041) 69.2 "
        "[5]; tungsten (wire) (HS 810196) 60.1 [6].",
        [
            ("4", "810194 Tungsten lumps (including rods obtained by simple sintering)"),
            ("4", "810294 Molybdenum ingots (including rods obtained by simple sintering)"),
            ("4", "711011 Platinum (unprocessed and powdered)"),
            ("4", "711031 Rhodium (unprocessed and powdered)"),
            ("4", "711041 Iridium, osmium, and ruthenium (unprocessed and powdered)"),
            ("4", "810196 Tungsten (wire)"),
        ],
    ),
    (
        "Which items have an HHI below 15?",
        "2 items in Tables 2, 3 and 4 have an HHI below 15 in 2024: antimicrobial agents 10.1 [1]; machine tools and "
        "industrial robots 14.7 [2].",
        [("2", "Antimicrobial agents"), ("2", "Machine tools and industrial robots")],
    ),
    (
        "Which items have imports above 10,000 billion yen?",
        "5 items in Tables 2, 3 and 4 have imports above 10,000 billion yen in 2024: combustible natural gas 62,332.8 "
        "billion yen [1]; semiconductor devices and integrated circuits 51,914.8 billion yen [2]; other integrated "
        "circuits (HS 854239) 15,417.0 billion yen [3]; processors and controllers (HS 854321) 15,236.1 billion yen "
        "[4]; metal minerals 11,928.7 billion yen [5].",
        [
            ("2", "Combustible natural gas"),
            ("2", "Semiconductor devices and integrated circuits"),
            ("2", "854239 Other integrated circuits"),
            ("2", "854321 Processors and controllers"),
            ("2", "Metal minerals"),
        ],
    ),
    (
        "In which years was China's share above 25%?",
        "China's share was above 25% in 2 years: 2016 25.8% [1]; 2020 25.7% [2].",
        [("1", "2016"), ("1", "2020")],
    ),
    (
        "How many items in Table 3 have an HHI above 90?",
        "5 items in Table 3 have an HHI above 90 in 2024: tungsten ore (including concentrates) (HS 261100) 100.0 "
        "[1]; thorium ore (including concentrates) (HS 261220) 100.0 [2]; selenium (HS 280490) 94.0 [3]; natural "
        "black ship (other) (HS 250490) 92.2 [4]; other black ships (HS 380190) 91.9 [5].",
        [
            ("3", "261100 Tungsten ore (including concentrates)"),
            ("3", "261220 Thorium ore (including concentrates)"),
            ("3", "280490 Selenium"),
            ("3", "250490 Natural black ship (other)"),
            ("3", "380190 Other black ships"),
        ],
    ),
    (
        "How many items in Table 2 have an HHI above 50?",
        "5 items in Table 2 have an HHI above 50 in 2024: replacement parts for storage batteries (HS 850790) 71.8 "
        "[1]; photovoltaic cells (HS 854143) 69.9 [2]; lithium-ion batteries (HS 850760) 60.2 [3]; aircraft parts "
        "53.3 [4]; storage batteries 51.3 [5].",
        [
            ("2", "850790 Replacement parts for storage batteries"),
            ("2", "854143 Photovoltaic cells"),
            ("2", "850760 Lithium-ion batteries"),
            ("2", "Aircraft parts"),
            ("2", "Storage batteries"),
        ],
    ),
    # a country that is not among an item's listed suppliers; a table named in the question
    (
        "Which items have China's share above 90%?",
        "China's share is above 90% for 4 items in Tables 2, 3 and 4 in 2024: tungsten lumps (including rods obtained "
        "by simple sintering) (HS 810194) 100.0% [1]; molybdenum ingots (including rods obtained by simple sintering) "
        "(HS 810294) 99.6% [2]; natural black ship (other) (HS 250490) 96.0% [3]; other black ships (HS 380190) 95.8% "
        "[4].",
        [
            ("4", "810194 Tungsten lumps (including rods obtained by simple sintering)"),
            ("4", "810294 Molybdenum ingots (including rods obtained by simple sintering)"),
            ("3", "250490 Natural black ship (other)"),
            ("3", "380190 Other black ships"),
        ],
    ),
    (
        "What share of Japan's lithium-ion battery imports came from Germany?",
        "Table 2 lists only the top three suppliers of Japan's imports of lithium-ion batteries (HS 850760) in 2024, "
        "and Germany is not among them: China 76.8%, South Korea 9.9%, Singapore 4.2% [1].",
        [("2", "850760 Lithium-ion batteries")],
    ),
    (
        "In Table 2, what share of storage batteries comes from South Korea?",
        "South Korea's share of Japan's imports of storage batteries in 2024: 13.3% (2nd place) [1].",
        [("2", "Storage batteries")],
    ),
    # more phrasings: a table named before a full stop, 'where from', 'ranks first', several rows
    (
        "List the items with an HHI of at least 90 in Table 3.",
        "5 items in Table 3 have an HHI of at least 90 in 2024: tungsten ore (including concentrates) (HS 261100) "
        "100.0 [1]; thorium ore (including concentrates) (HS 261220) 100.0 [2]; selenium (HS 280490) 94.0 [3]; "
        "natural black ship (other) (HS 250490) 92.2 [4]; other black ships (HS 380190) 91.9 [5].",
        [
            ("3", "261100 Tungsten ore (including concentrates)"),
            ("3", "261220 Thorium ore (including concentrates)"),
            ("3", "280490 Selenium"),
            ("3", "250490 Natural black ship (other)"),
            ("3", "380190 Other black ships"),
        ],
    ),
    (
        "Where does Japan get its lithium-ion batteries from?",
        "The top three suppliers of Japan's imports of lithium-ion batteries (HS 850760) in 2024: China 76.8%, South "
        "Korea 9.9%, Singapore 4.2% [1].",
        [("2", "850760 Lithium-ion batteries")],
    ),
    (
        "How reliant is Japan on South Africa for platinum?",
        "South Africa's share of Japan's imports of platinum (unprocessed and powdered) (HS 711011) in 2024: 85.5% "
        "(1st place) [1]. Table 4 lists only the top three suppliers of Japan's imports of platinum (other) (HS "
        "711019) in 2024, and South Africa is not among them: Taiwan 54.0%, Switzerland 3.2%, South Korea 10.1% [2].",
        [("4", "711011 Platinum (unprocessed and powdered)"), ("4", "711019 Platinum (other)")],
    ),
    (
        "Which supplier ranks first for cerium compounds?",
        "The top supplier of Japan's imports of cerium compounds (HS 284610) in 2024: France 68.4% [1].",
        [("3", "284610 Cerium compounds")],
    ),
    (
        "Which countries had the lowest shares in 2024?",
        "The three smallest shares of Japan's imports (all items) in 2024 (countries only; EU and ASEAN left out): "
        "Germany 2.9%, Indonesia 3.1%, Thailand 3.3% [1].",
        [("1", "2024")],
    ),
    (
        "What share of Japan's imports came from the U.S. in 2010?",
        "The US share of Japan's imports (all items) in 2010: 9.7% [1].",
        [("1", "2010")],
    ),
    (
        "Who is the main supplier of photovoltaic cells?",
        "The top supplier of Japan's imports of photovoltaic cells (HS 854143) in 2024: China 82.5% [1].",
        [("2", "854143 Photovoltaic cells")],
    ),
    # top n suppliers in order; several measures of one item, one sentence each citing the row
    (
        "List Japan's three top fertilizer suppliers in 2024, in order.",
        "The top three suppliers of Japan's imports of fertilizers in 2024: China 39.1%, Canada 18.8%, Malaysia 10.3% "
        "[1].",
        [("2", "Fertilizers")],
    ),
    (
        "What was the HHI of Japan's imports of natural graphite powder or flakes (HS 250410), and which country "
        "supplied most of it, with what share?",
        "The HHI of Japan's imports of natural black ship (powder or flake) (HS 250410) in 2024: 73.9 [1]. The top "
        "supplier of Japan's imports of natural black ship (powder or flake) (HS 250410) in 2024: China 85.7% [1].",
        [("3", "250410 Natural black ship (powder or flake)")],
    ),
    (
        "What were Japan's 2024 imports of semiconductor devices and integrated circuits worth, and which country was "
        "the main supplier, with what share?",
        "Japan's imports of semiconductor devices and integrated circuits in 2024: 51,914.8 billion yen [1]. The top "
        "supplier of Japan's imports of semiconductor devices and integrated circuits in 2024: Taiwan 42.3% [1].",
        [("2", "Semiconductor devices and integrated circuits")],
    ),
    (
        "For artificial graphite (HS 380110), what is the HHI and what share comes from China?",
        "The HHI of Japan's imports of artificial black ship (HS 380110) in 2024: 37.3 [1]. China's share of Japan's "
        "imports of artificial black ship (HS 380110) in 2024: 58.4% (1st place) [1].",
        [("3", "380110 Artificial black ship")],
    ),
    (
        "Who supplied most of Japan's platinum in powder form (HS 711011) in 2024, and what was the import amount?",
        "Japan's imports of platinum (unprocessed and powdered) (HS 711011) in 2024: 2,109.7 billion yen [1]. The top "
        "supplier of Japan's imports of platinum (unprocessed and powdered) (HS 711011) in 2024: South Africa 85.5% "
        "[1].",
        [("4", "711011 Platinum (unprocessed and powdered)")],
    ),
    # counts over rows by a ranked supplier; an exact value (a table's bracketed gloss names no item)
    (
        "In Table 2, how many rows list China as the 1st place supplier?",
        "China is the top supplier of 9 items in Table 2 in 2024: replacement parts for storage batteries (HS 850790) "
        "84.4% [1]; photovoltaic cells (HS 854143) 82.5% [2]; lithium-ion batteries (HS 850760) 76.8% [3]; storage "
        "batteries 70.2% [4]; fertilizers 39.1% [5]; ship parts 33.7% [6]; permanent magnets 33.2% [7]; machine tools "
        "and industrial robots 27.5% [8]; wafers (HS 381800) 25.4% [9].",
        [
            ("2", "850790 Replacement parts for storage batteries"),
            ("2", "854143 Photovoltaic cells"),
            ("2", "850760 Lithium-ion batteries"),
            ("2", "Storage batteries"),
            ("2", "Fertilizers"),
            ("2", "Ship parts"),
            ("2", "Permanent magnets"),
            ("2", "Machine tools and industrial robots"),
            ("2", "381800 Wafers"),
        ],
    ),
    (
        "Which items of Tables 3 and 4 (rare metals and rare earths) have an HHI equal to 100?",
        "3 items in Tables 3 and 4 have an HHI equal to 100 in 2024: tungsten ore (including concentrates) (HS "
        "261100) 100.0 [1]; thorium ore (including concentrates) (HS 261220) 100.0 [2]; tungsten lumps (including "
        "rods obtained by simple sintering) (HS 810194) 100.0 [3].",
        [
            ("3", "261100 Tungsten ore (including concentrates)"),
            ("3", "261220 Thorium ore (including concentrates)"),
            ("4", "810194 Tungsten lumps (including rods obtained by simple sintering)"),
        ],
    ),
    # one series of Table 1 against another: the years, the first time, one year; 'hit its peak'
    (
        "Which years in Table 1 had a higher US share than China's share of Japan's imports?",
        "From 2000 to 2024, the US share of Japan's imports (all items) was larger than China's share in 2 years: "
        "2000 (19.0% against 14.5%) [1]; 2001 (18.1% against 16.6%) [2].",
        [("1", "2000"), ("1", "2001")],
    ),
    (
        "When did Vietnam's share of Japan's imports overtake Thailand's for the first time?",
        "From 2000 to 2024, Vietnam's share of Japan's imports (all items) was larger than Thailand's share for the "
        "first time in 2024 (3.6% against 3.3%) [1].",
        [("1", "2024")],
    ),
    (
        "Was the US share of Japan's imports larger than China's in 2010?",
        "In 2010, the US share of Japan's imports (all items) was not larger than China's share: 9.7% against 22.1% "
        "[1].",
        [("1", "2010")],
    ),
    (
        "When did Australia's share of Japan's imports hit its peak, and what was it?",
        "From 2000 to 2024, Australia's share of Japan's imports (all items) was highest in 2022: 9.8% [1].",
        [("1", "2022")],
    ),
    # a word's root ('starter', 'starting'); words beside an HS code describe that code's row only
    (
        "What share of Japan's lead-acid starter battery imports came from South Korea?",
        "South Korea's share of Japan's imports of lead-acid batteries for starting piston engines (HS 850710) in "
        "2024: 62.6% (1st place) [1].",
        [("2", "850710 Lead-acid batteries for starting piston engines")],
    ),
    (
        "What share of Japan's imports of machines for making semiconductor devices (HS 848620) came from the "
        "Netherlands?",
        "Netherlands' share of Japan's imports of equipment for manufacturing professional semiconductor devices or "
        "integrated circuits (HS 848620) in 2024: 28.8% (1st place) [1].",
        [("2", "848620 Equipment for manufacturing professional semiconductor devices or integrated circuits")],
    ),
    (
        "Which country was the main source of rare earth metals, scandium and yttrium (HS 280530), and with what "
        "share?",
        "The top supplier of Japan's imports of rare earth metals, scandium, and yttrium (regardless of whether they "
        "are mixed or alloyed with each other) (HS 280530) in 2024: Vietnam 65.8% [1].",
        [
            (
                "3",
                "280530 Rare earth metals, scandium, and yttrium (regardless of whether they are mixed or alloyed "
                "with each other)",
            )
        ],
    ),
]


@pytest.mark.parametrize(("question", "text", "rows"), CASES, ids=[c[0] for c in CASES])
def test_figure_questions_are_answered_exactly(question: str, text: str, rows) -> None:
    answer = ask(question)
    assert answer is not None and answer.covered
    assert (answer.text, answer.rows) == (text, row_ids(rows))


@pytest.mark.parametrize(("question", "text", "rows"), CASES, ids=[c[0] for c in CASES])
def test_every_figure_is_printed_in_a_cited_row_and_stated_as_printed(question: str, text: str, rows) -> None:
    answer = ask(question)
    assert answer is not None and answer.figures
    markers = [int(n) for n in re.findall(r"\[(\d+)\]", answer.text)]
    assert sorted(set(markers)) == list(range(1, len(answer.rows) + 1))
    by_id = {t.table_id: t for t in corpus_tables()}
    cited = {(by_id[t].name, by_id[t].rows[r].label): by_id[t].rows[r] for t, r in answer.rows}
    for figure in answer.figures:
        row = cited[(figure.table, figure.row)]
        column = by_id[next(t for t, _ in answer.rows if by_id[t].name == figure.table)].columns.index(figure.column)
        assert (row.cells[column], row.values[column]) == (figure.printed, figure.value)
        assert figure.printed in answer.text


def test_a_figure_is_a_whole_record() -> None:
    answer = ask("What share of Japan's lithium-ion battery imports came from China?")
    assert answer == FigureAnswer(
        text="China's share of Japan's imports of lithium-ion batteries (HS 850760) in 2024: 76.8% (1st place) [1].",
        figures=(Figure(TABLE_2, "850760 Lithium-ion batteries", "Import share 1st place Share", 76.8, "%", "76.8"),),
        rows=row_ids([("2", "850760 Lithium-ion batteries")]),
    )


def test_figures_of_a_change_are_both_printed_values() -> None:
    answer = ask("How has China's share changed since 2020?")
    table = "Table 1: Japan's import share by country (all items)"
    assert answer is not None and answer.figures == (
        Figure(table, "2020", "China", 25.7, "%", "25.7"),
        Figure(table, "2024", "China", 22.5, "%", "22.5"),
    )


def test_hhi_and_amount_figures_carry_their_units() -> None:
    hhi = ask("What is the HHI for HS 850760?")
    amount = ask("What are Japan's imports of fertilizers worth?")
    assert hhi is not None and hhi.figures == (
        Figure(TABLE_2, "850760 Lithium-ion batteries", "HHI", 60.2, "HHI", "60.2"),
    )
    assert amount is not None and amount.figures == (
        Figure(TABLE_2, "Fertilizers", "Imports (billion yen)", 1126.2, "billion yen", "1,126.2"),
    )


def test_threshold_lists_every_row_above_it_across_tables() -> None:
    answer = ask("Which items have an HHI above 50?")
    assert answer is not None and answer.text.startswith("24 items in Tables 2, 3 and 4 have an HHI above 50 in 2024: ")
    assert len(answer.rows) == len(answer.figures) == 24
    assert all(f.value > 50 and f.column == "HHI" for f in answer.figures)
    assert [f.value for f in answer.figures] == sorted((f.value for f in answer.figures), reverse=True)


def test_a_supplier_count_lists_its_items() -> None:
    answer = ask("How many items is China the top supplier of?")
    assert answer is not None and answer.text.startswith("China is the top supplier of 23 items in Tables 2, 3 and 4")
    assert {f.column for f in answer.figures} == {"Import share 1st place Share"}


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("What share of Japan's banana imports come from China?", "the tables do not cover banana"),
        ("What was Brazil's share of Japan's imports in 2020?", "the tables do not cover Brazil"),
        ("What was China's share of Japan's imports in 1990?", "the tables do not cover 1990"),
        ("What share of Japan's lithium imports come from Brazil?", "the tables do not cover Brazil"),
        ("What is the HHI of cobalt?", "the tables do not cover cobalt"),
        ("What is the HHI of rare earth magnets?", "the tables do not cover rare earth magnets"),
        ("What share of Japan's exports go to China?", "the tables do not cover exports"),
        ("What is the HHI of the items in Table 7?", "the tables do not cover Table 7"),
        (
            "What share of lithium-ion batteries came from China in 2020?",
            "the tables give lithium-ion batteries (HS 850760) only for 2024, not 2020",
        ),
        ("What share of Japan's imports came from Chile in 2024?", "Table 1 does not list Chile"),
        (
            "How much did Japan import from China in 2020?",
            "the tables give amounts per item, not per supplying country",
        ),
        ("Which items had an HHI above 50 in 2020?", "Tables 2, 3 and 4 give figures only for 2024, not 2020"),
        ("Which items had an HHI of 100.0 in 2020?", "Tables 2, 3 and 4 give figures only for 2024, not 2020"),
        ("In which years was Brazil's share larger than China's?", "the tables do not cover Brazil"),
        ("In which years did Chile's share exceed Australia's?", "Table 1 does not list Chile"),
        ("How many rows of Table 2 have bananas as the first-place supplier?", "the tables do not cover bananas"),
        (
            "Which country was Japan's fourth-largest supplier of permanent magnets in 2024?",
            "the tables rank only the top 3 suppliers (Table 2), not the 4th",
        ),
    ],
)
def test_entities_no_table_covers_are_not_answered(question: str, reason: str) -> None:
    got = ask(question)
    assert (got.text, got.figures, got.rows, got.covered, got.reason) == ("", (), (), False, reason)
    named = reason.removeprefix("the tables do not cover ")
    assert got.uncovered == ((named,) if named != reason else ())  # what the prose fallback must mention


@pytest.mark.parametrize(
    "question",
    [
        "When was the IPEF agreement signed?",
        "What is the Economic Security Promotion Act?",
        "Why is Japan dependent on China for rare earths?",
        "What does the study group recommend on supply chain resilience?",
        "How has Japan responded to China's export restrictions on gallium and germanium?",
    ],
)
def test_questions_asking_for_no_figure_get_none(question: str) -> None:
    assert ask(question) is None


@pytest.mark.parametrize(
    ("question", "threshold", "top", "extreme", "rank", "change"),
    [
        ("Which items have an HHI above 50?", (">", 50.0, "above 50"), None, None, None, False),
        ("Items with a share of at least 90%", (">=", 90.0, "at least 90%"), None, None, None, False),
        ("Which items have an HHI below 15?", ("<", 15.0, "below 15"), None, None, None, False),
        ("Items with an HHI of at most 20", ("<=", 20.0, "at most 20"), None, None, None, False),
        ("Top three suppliers of fertilizers?", None, 3, "max", None, False),
        ("Who is the second largest supplier of wafers?", None, None, "max", 2, False),
        ("Who is the fourth-largest supplier of wafers?", None, None, "max", 4, False),
        ("Which source ranked 5th for wafers?", None, None, None, 5, False),
        ("Who is the main supplier of wafers?", None, None, "max", 1, False),
        ("How has China's share changed since 2020?", None, None, None, None, True),
        ("Which items have an HHI of 100.0?", ("=", 100.0, "equal to 100.0"), None, None, None, False),
        ("Items with a share equal to 50%", ("=", 50.0, "equal to 50%"), None, None, None, False),
        ("Which items have an HHI of exactly 60.2?", ("=", 60.2, "equal to 60.2"), None, None, None, False),
        ("Which three countries were the top suppliers of fertilizers?", None, 3, "max", None, False),
        ("What is the HHI of 850760?", None, None, None, None, False),  # an HS code, no value
        ("What is the HHI of the items in 2024?", None, None, None, None, False),  # a year, no value
        ("What is the share of the 1st place supplier?", None, None, None, 1, False),
        ("Which supplier led the wafer imports?", None, None, None, 1, False),
        ("How many items list China as the number-one supplier?", None, None, None, 1, False),
    ],
)
def test_read_intent(question: str, threshold, top, extreme, rank, change) -> None:
    intent = read_intent(question)
    assert (intent.threshold, intent.top, intent.extreme, intent.rank, intent.change) == (
        threshold,
        top,
        extreme,
        rank,
        change,
    )


@pytest.mark.parametrize(
    ("question", "compare", "when"),
    [
        ("In which years was the US share larger than China's?", ">", None),
        ("When did Vietnam's share first exceed Thailand's?", ">", "first"),
        ("When did China's share last fall below the US share?", "<", "last"),
        ("Did China overtake the US?", ">", None),
        ("Which items have a share larger than 90%?", None, None),  # a threshold, not a comparison
        ("What share of fertilizers comes from China?", None, None),
    ],
)
def test_read_intent_compares_one_series_with_another(question: str, compare, when) -> None:
    intent = read_intent(question)
    assert (intent.compare, intent.when) == (compare, when)


def test_a_comparison_never_holding_says_so_and_cites_nothing() -> None:
    answer = ask("In which years was Germany's share of Japan's imports larger than China's?")
    assert answer == FigureAnswer(
        "From 2000 to 2024, Germany's share of Japan's imports (all items) was never larger than China's share.",
        (),
        (),
    )


def test_a_comparison_states_both_printed_values_of_each_year() -> None:
    answer = ask("In which years was the US share larger than China's?")
    table = "Table 1: Japan's import share by country (all items)"
    assert answer is not None and answer.figures == (
        Figure(table, "2000", "US", 19.0, "%", "19.0"),
        Figure(table, "2000", "China", 14.5, "%", "14.5"),
        Figure(table, "2001", "US", 18.1, "%", "18.1"),
        Figure(table, "2001", "China", 16.6, "%", "16.6"),
    )


def test_an_amount_asked_in_units_or_as_a_bill_is_an_amount_not_a_count() -> None:
    """ "How many billion <currency>" and "the import bill" ask for amounts; "pay for" too."""
    asked = ask("How many billion yen did Japan pay for imported fertilizers in 2024, and which supplier led?")
    assert asked is not None
    assert asked.text == (
        "Japan's imports of fertilizers in 2024: 1,126.2 billion yen [1]. "
        "The top supplier of Japan's imports of fertilizers in 2024: China 39.1% [1]."
    )
    biggest = ask("Which strategic material had the biggest import bill in 2024?")
    assert biggest is not None and "largest import amount" in biggest.text and "62,332.8 billion yen" in biggest.text


def test_scope_follows_the_tables_a_question_names_by_their_titles() -> None:
    """ "Among rare metals and rare earths" means the tables so titled, not the rows whose names
    hold the words; "among the strategic materials" means that table; "rare earth metals" still
    names its rows."""
    titled = ask("What is the highest HHI among rare metals and rare earths?")
    assert titled is not None
    assert titled.text.startswith("The highest HHI in Tables 3 and 4 in 2024 (3 items, with ties): tungsten ore")
    loose = ask("Which rare-metal or rare-earth items have an HHI of 100.0?")
    assert loose is not None and loose.text.startswith("3 items in Tables 3 and 4 have an HHI equal to 100.0")
    strategic = ask("Which item has the most concentrated import sources by HHI among the strategic materials?")
    assert strategic is not None
    assert strategic.text == (
        "The highest HHI in Table 2 in 2024: replacement parts for storage batteries (HS 850790) 71.8 [1]."
    )
    rows = ask("What is the HHI of rare earth metals?")
    assert rows is not None and "(HS 280530) in 2024: 50.5" in rows.text


def test_titled_scoping_needs_two_words_only_that_title_has_and_no_break() -> None:
    from policyqa.figures.entities import _titled

    tables = corpus_tables()
    # "Japan's import share" is table 1's title; "imports and with what share" runs over a clause
    first = next(t.table_id for t in tables if t.number == "1")
    assert _titled("What was Japan's import share from China in 2010?", tables)[0] == (first,)
    question = "For graphite, which seller dominates Japan's imports and with what share?"
    assert _titled(question, tables) == ((), question)
    assert _titled("Japan's imports, 2022: what share?", tables)[0] == ()


def test_which_item_asks_for_one_whatever_plurals_follow() -> None:
    assert not read_intent("Which item has the most concentrated import sources?").plural
    assert read_intent("Which items have the most concentrated import sources?").plural


def test_a_share_series_answers_only_a_question_about_what_it_holds() -> None:
    growth = make_table(
        "Decadal growth rate of population",
        ["Province", "(Per cent) 2001-2011", "(Per cent) 2011-2021"],
        [["Alberta", "10.5", "8.1"], ["Ontario", "16.2", "5.9"], ["Yukon", "12.0", "21.0"]],
        n=99,
    )
    answer = answer_figures(
        "In how many provinces was population growth below 15 per cent in the 2001-2011 decade?",
        [*corpus_tables(), growth],
    )
    assert answer is not None and answer.text.startswith("2 with (Per cent) 2001-2011 below 15")


def test_a_share_series_is_not_about_a_question_for_sharing_its_calendar_words() -> None:
    months = make_table(
        "Table 4",
        ["Summary by Month", "Notices", "Employees Affected"],
        [["July 2015", "71", "6,102"], ["December 2015", "69", "8,729"], ["January 2016", "40", "3,010"]],
        n=98,
    )
    answer = answer_figures(
        "In which month of the 2015-16 fiscal year did notices name the largest number of affected employees?",
        [*corpus_tables(), months],
    )
    assert answer is not None and answer.text.startswith("December 2015 has the largest Employees Affected")


def _march_checks(n: int) -> Table:
    """A table of one month's checks, the month said by its section."""
    return make_table(
        "Background checks by state",
        ["State", "Permit", "Handgun"],
        [["Alberta", "1,200", "5,100"], ["Ontario", "900", "8,250"]],
        section="Firearm checks, March 2031",
        n=n,
    )


def test_a_month_the_tables_about_the_question_are_not_of_is_not_covered() -> None:
    checks = _march_checks(97)
    other = answer_figures("How many handgun checks did Alberta run in April 2031?", [checks])
    assert other is not None and not other.covered
    assert other.reason == "Table 97 gives figures for March 2031, not April 2031"
    same = answer_figures("How many handgun checks did Alberta run in March 2031?", [checks])
    assert same is not None and same.covered and "5,100" in same.text


def test_goods_words_no_table_has_decline_only_a_question_about_goods() -> None:
    traded = ask("How much cut flowers did Japan import in 2024?")
    assert traded is not None and not traded.covered and "cut flowers" in traded.reason
    assert ask("How much was the tax exemption cut for 2024, and what is the amount for a widow?") is None


def test_a_share_series_is_not_about_a_question_for_sharing_the_word_share() -> None:
    rodents = make_table(
        "Selected characteristics of householders, by unhealthy housing characteristic: 2009",
        ["Characteristic", "Rodent seen in unit recently (%)", "Leaks (%)"],
        [["Northeast", "30.1", "9.0"], ["South", "40.2", "11.0"], ["Total", "36.9", "10.2"]],
        n=96,
    )
    answer = answer_figures(
        "In the 2009 survey, what share of respondents said they had recently seen rodents in their home?",
        [*corpus_tables(), rodents],
    )
    assert answer is not None and "36.9" in answer.text and "Japan" not in answer.text


def test_a_question_asking_no_figure_is_never_declined_for_its_month() -> None:
    checks = _march_checks(95)
    assert answer_figures("Why did the ministry change the rules for handgun checks in April 2031?", [checks]) is None


def test_a_table_titled_with_more_of_the_question_answers_before_a_concentration_index():
    # "concentration" alone reads as the HHI of the corpus's item tables; the table whose title prints
    # "five firm concentration ratios" is the one asked
    ratios = make_table(
        "Five firm concentration ratios for food retailing",
        ["Country", "Current Level*"],
        [["Italy", "30"], ["Spain", "38"], ["France", "67.2"]],
        n=42,
    )
    question = "Which member states had a five firm concentration ratio below 40?"
    known = frozenset(stem_of(w) for w in question.lower().rstrip("?").split())  # real words, no misspelt goods
    answer = answer_figures(question, [*corpus_tables(), ratios], known=known)
    assert answer is not None and [(f.row, f.printed) for f in answer.figures] == [("Italy", "30"), ("Spain", "38")]
    hhi = answer_figures("Which items had an HHI below 20 in 2024?", [*corpus_tables(), ratios])
    assert hhi is not None and all(f.table != ratios.title for f in hhi.figures)


def test_what_a_table_says_is_read_once_for_every_table_and_reader_of_a_large_index():
    from policyqa.figures.cache import per_table

    tables = [make_table(f"Table {n}", ["State", "2010"], [["Ohio", "1"]], n=n) for n in range(120)]
    calls: list[int] = []

    def reader(number: int):
        def read(table: Table) -> int:
            calls.append(number)
            return number

        return read

    readers = [reader(number) for number in range(20)]  # 2,400 facts: more than a small cache keeps
    for _ in range(2):
        assert all(per_table(t, r) == n for t in tables for n, r in enumerate(readers))
    assert len(calls) == len(tables) * len(readers)  # the second round read nothing again
