"""Static checks of the development question set (tests/eval/dev.jsonl); no model, no index."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

DEV = Path(__file__).parent / "eval" / "dev.jsonl"
CORPUS = Path(__file__).parent.parent / "corpus"

KINDS = {"figure", "fact", "abstain"}
MIN_TOTAL, MIN_PER_KIND = 90, {"figure": 25, "fact": 35, "abstain": 15}
ID_PREFIX = {"figure": "fig-", "fact": "fact-", "abstain": "abs-"}

# Items whose answer is computed from printed values and so is not itself printed in the corpus
# (or is printed only by accident, e.g. a bare count like "9"). Each is checked by hand against
# the tables; keep the computation here so a reviewer can redo it.
COMPUTED = {
    "fig-016": "count of Table 2 rows whose 1st-place supplier is China = 9 (Fertilizers, Permanent "
    "magnets, Machine tools and industrial robots, Wafers, Photovoltaic cells, Storage batteries, "
    "Lithium-ion batteries, Replacement parts for storage batteries, Ship parts)",
    "fig-022": "count of Table 3 rows whose 1st-place supplier is China = 5 (250410, 250490, 380110, 380190, 284690)",
    "fig-032": "US share 2000 minus 2024 in Table 1: 19.0 - 11.3 = 7.7 percentage points",
}


def _load() -> list[dict]:
    items = []
    with DEV.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except json.JSONDecodeError as err:  # pragma: no cover - reported by the test
                    pytest.fail(f"dev.jsonl line {n} is not JSON: {err}")
    return items


ITEMS = _load()


def _corpus_text() -> str:
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in {".txt", ".md"})
    assert files, f"no corpus files under {CORPUS}"
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


CORPUS_TEXT = _corpus_text()


def _norm(text: str) -> str:
    """Lower case, thousands separators dropped ("51,914.8" -> "51914.8"), tabs as spaces."""
    return re.sub(r"(?<=\d),(?=\d{3}\b)", "", text.lower()).replace("\t", " ")


NORM_CORPUS = _norm(CORPUS_TEXT)


def _printed(answer: str) -> bool:
    """Whether an answer string occurs in the corpus; a number must match a whole printed number
    ("7.7" is not found in "47.7"), and "76.8%" matches the table cell "76.8"."""
    a = _norm(answer).strip()
    if re.fullmatch(r"\d+(?:\.\d+)?%?", a):
        number = re.escape(a.rstrip("%"))
        return re.search(rf"(?<![\d.]){number}(?!\d|\.\d)", NORM_CORPUS) is not None
    return a in NORM_CORPUS


def test_parses_and_has_the_fields():
    assert ITEMS, "dev.jsonl is empty"
    for item in ITEMS:
        assert set(item) == {"id", "q", "kind", "answer", "support"}, item.get("id")
        assert isinstance(item["id"], str) and item["id"], item
        assert isinstance(item["q"], str) and item["q"].strip(), item["id"]
        assert isinstance(item["answer"], list) and all(isinstance(a, str) and a.strip() for a in item["answer"])
        assert isinstance(item["support"], list) and all(isinstance(s, str) and s.strip() for s in item["support"])


def test_ids_unique_and_kinds_valid():
    ids = [item["id"] for item in ITEMS]
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    assert not duplicates, duplicates
    for item in ITEMS:
        assert item["kind"] in KINDS, item["id"]
        assert item["id"].startswith(ID_PREFIX[item["kind"]]), item["id"]
    questions = Counter(item["q"].strip().lower() for item in ITEMS)
    assert not [q for q, n in questions.items() if n > 1]


def test_counts():
    kinds = Counter(item["kind"] for item in ITEMS)
    assert len(ITEMS) >= MIN_TOTAL, len(ITEMS)
    for kind, minimum in MIN_PER_KIND.items():
        assert kinds[kind] >= minimum, (kind, kinds[kind])


@pytest.mark.parametrize("item", [i for i in ITEMS if i["kind"] != "abstain"], ids=lambda i: i["id"])
def test_answerable_items_have_answer_and_verbatim_support(item):
    assert item["answer"], "an answerable item needs answer strings"
    assert item["support"], "an answerable item needs support strings"
    for support in item["support"]:
        assert "\t" not in support, f"support spans table cells: {support!r}"
        assert support in CORPUS_TEXT, f"support not verbatim in the corpus: {support!r}"


@pytest.mark.parametrize("item", [i for i in ITEMS if i["kind"] == "abstain"], ids=lambda i: i["id"])
def test_abstain_items_are_empty(item):
    assert item["answer"] == [] and item["support"] == []


# Computed answers (COMPUTED, with how each was computed) are not printed in the corpus.
@pytest.mark.parametrize(
    "item", [i for i in ITEMS if i["kind"] != "abstain" and i["id"] not in COMPUTED], ids=lambda i: i["id"]
)
def test_answers_are_printed_in_the_corpus(item):
    missing = [a for a in item["answer"] if not _printed(a)]
    assert not missing, f"answer strings not found in the corpus: {missing}"


def test_computed_allow_list_names_real_items():
    known = {item["id"]: item["kind"] for item in ITEMS}
    for item_id in COMPUTED:
        assert known.get(item_id) in {"figure", "fact"}, item_id


def test_number_matching_is_strict():
    assert _printed("76.8%") and _printed("51,914.8") and _printed("51914.8")
    assert not _printed("7.7")  # only inside 47.7 and 57.7
