"""The gold tables of the real reports: policyqa's tables found and their cells printed exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from policyqa.evaluate.tables import (
    GoldTable,
    best_score,
    document_grids,
    document_headers,
    load_gold_tables,
    score_grid,
    summary,
)
from policyqa.ingest.reader import DocumentReader
from policyqa.settings import Settings

REPORTS = Path(__file__).resolve().parents[2] / "shared" / "pdfs" / "reports"
GOLD = load_gold_tables(Path(__file__).resolve().parent / "eval" / "tables")
if not REPORTS.is_dir():
    pytest.skip(f"shared reports not found at {REPORTS}", allow_module_level=True)


@pytest.fixture(scope="module")
def scores():
    documents = {}
    with DocumentReader(Settings()) as reader:
        for pdf in sorted({gold.pdf for gold in GOLD}):
            documents[pdf] = reader.read(REPORTS / pdf, root=REPORTS, sources={})
    return [
        best_score(
            gold, document_grids(documents[gold.pdf], gold.pages), document_headers(documents[gold.pdf], gold.pages)
        )
        for gold in GOLD
    ]


def test_the_gold_set_covers_enough_tables_and_reports():
    assert len(GOLD) >= 12 and len({g.pdf for g in GOLD}) >= 7
    assert {g.split for g in GOLD} == {"tune", "test"}


@pytest.mark.parametrize("half", ["tune", "test"])
def test_gold_tables_are_found_with_their_cells_exact(scores, half):
    found = summary([s for s in scores if s.split == half])
    assert found["detected_share"] >= 0.9, found
    assert found["cell_recall"] >= 0.95, found
    assert found["cell_precision"] >= 0.95, found


def test_the_tuning_reports_tables_carry_their_gold_headers(scores):
    found = summary([s for s in scores if s.split == "tune"])
    assert found["header_accuracy"] >= 0.99, found


def test_a_column_header_is_right_with_every_gold_word_and_none_but_title_and_unit_words_beyond():
    gold = GoldTable(
        "t",
        "t.pdf",
        "tune",
        (1,),
        (("North", ("1,204", "88", "+3")), ("South", ("2,950", "12", "-1"))),
        ("Winter wheat 2021", "Spring wheat 2021", "Spring wheat change since 1980"),
        "Wheat production (in thousands of tonnes)",
    )
    grid = [["North", "1,204", "88", "+3"], ["South", "2,950", "12", "-1"]]
    score = score_grid(gold, grid, ["(In thousands) Winter wheat 2021*", "Spring wheat 2021", "Spring wheat 2"])
    assert (score.headers, score.headers_right) == (3, 2)  # "Spring wheat 2" lost "change since 1980"
    assert score_grid(gold, grid).headers == 0  # no headers given: none compared
    assert summary([score])["header_accuracy"] == pytest.approx(2 / 3)
