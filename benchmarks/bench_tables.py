"""Tables from the real reports: policyqa against camelot "stream", on the gold tables, in one run.

    .venv/bin/python benchmarks/bench_tables.py [--camelot-python PATH] [--no-build]

For every report with gold tables (tests/eval/tables): gold tables detected, numeric cell recall
and precision at the right row and column, and the share of matched columns whose header carries
the gold header path (policyqa.evaluate.tables), and CPU seconds per page
for policyqa's PDFium layout reading, for pypdf's plain text (what the build used before) and for
camelot stream. camelot runs in the interpreter `--camelot-python` names (default: this one when
it can import camelot; install it with `pip install camelot-py`). Unless --no-build, the default
corpus plus the reports are built once with the packaged model, and the build's seconds per page
are compared with the same build where the layout reading is swapped for pypdf's text (the
extraction times measured here). Writes benchmarks/results/tables.json and tables.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from policyqa.evaluate.tables import (
    GoldTable,
    TableScore,
    best_score,
    document_grids,
    document_headers,
    load_gold_tables,
    summary,
)
from policyqa.ingest.pdf import extract_pdf
from policyqa.ingest.reader import DocumentReader
from policyqa.settings import Settings

from common import save, table

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT.parent / "shared" / "pdfs" / "reports"
GOLD = ROOT / "tests" / "eval" / "tables"

CAMELOT = """
import json, sys, time, camelot
path = sys.argv[1]
started = time.process_time()
tables = camelot.read_pdf(path, flavor="stream", pages="all")
seconds = time.process_time() - started
out = [{"page": int(t.page), "rows": t.df.astype(str).values.tolist()} for t in tables]
print(json.dumps({"seconds": seconds, "tables": out}))
"""


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    gold = load_gold_tables(GOLD)
    pdfs = sorted({g.pdf for g in gold})
    ours = _policyqa(pdfs, gold)
    plain = {pdf: _pypdf_seconds(REPORTS / pdf) for pdf in pdfs}
    peer = _camelot(pdfs, gold, args.camelot_python)
    pages = {pdf: _page_count(REPORTS / pdf) for pdf in pdfs}
    build = None if args.no_build else _build(sum(ours[p]["seconds"] for p in pdfs), sum(plain.values()))
    results: dict = {"documents": {}, "build": build}
    for pdf in pdfs:
        results["documents"][pdf] = {
            "pages": pages[pdf],
            "split": gold_split(gold, pdf),
            "policyqa": summary(ours[pdf]["scores"]) | {"s_per_page": ours[pdf]["seconds"] / pages[pdf]},
            "camelot": None
            if peer is None
            else summary(peer[pdf]["scores"]) | {"s_per_page": peer[pdf]["seconds"] / pages[pdf]},
            "pypdf_text_s_per_page": plain[pdf] / pages[pdf],
        }
    for half in ("tune", "test", "all"):
        chosen = [g for g in gold if half == "all" or g.split == half]
        results[half] = {
            "policyqa": summary(
                [s for pdf in pdfs for s in ours[pdf]["scores"] if s.table_id in {g.table_id for g in chosen}]
            ),
            "camelot": None
            if peer is None
            else summary(
                [s for pdf in pdfs for s in peer[pdf]["scores"] if s.table_id in {g.table_id for g in chosen}]
            ),
        }
    results["missed"] = [
        {"table": s.table_id, "pdf": s.pdf, "split": s.split, "recall": round(s.recall, 3)}
        for pdf in pdfs
        for s in ours[pdf]["scores"]
        if s.recall < 1.0
    ]
    save("tables", results, _markdown(results))
    return 0


def gold_split(gold: tuple[GoldTable, ...], pdf: str) -> str:
    """The half a report's gold tables are in ("tune+test" when some moved: tests/eval/splits.md)."""
    return "+".join(sorted({g.split for g in gold if g.pdf == pdf}, reverse=True))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--camelot-python", default=None, help="an interpreter that can import camelot")
    parser.add_argument("--no-build", action="store_true", help="skip the build-time comparison")
    return parser


def _policyqa(pdfs: list[str], gold: tuple[GoldTable, ...]) -> dict[str, dict]:
    """Scores through the real reading path (the worker), CPU time of the same reading in this process."""
    out = {}
    with DocumentReader(Settings()) as reader:
        for pdf in pdfs:
            document = reader.read(REPORTS / pdf, root=REPORTS, sources={})
            started = time.process_time()
            extract_pdf(REPORTS / pdf)
            seconds = time.process_time() - started
            scores = [
                best_score(g, document_grids(document, g.pages), document_headers(document, g.pages))
                for g in gold
                if g.pdf == pdf
            ]
            out[pdf] = {"seconds": seconds, "scores": scores}
    return out


def _pypdf_seconds(path: Path) -> float:
    from pypdf import PdfReader

    started = time.process_time()
    for page in PdfReader(path).pages:
        page.extract_text()
    return time.process_time() - started


def _page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def _camelot(pdfs: list[str], gold: tuple[GoldTable, ...], python: str | None) -> dict[str, dict] | None:
    python = python or (sys.executable if _can_import_camelot(sys.executable) else None)
    if python is None:
        print("camelot is not installed: `pip install camelot-py` (or pass --camelot-python)", file=sys.stderr)
        return None
    out = {}
    for pdf in pdfs:
        done = subprocess.run([python, "-c", CAMELOT, str(REPORTS / pdf)], capture_output=True, text=True, check=True)
        data = json.loads(done.stdout.strip().splitlines()[-1])
        scores: list[TableScore] = []
        for g in (g for g in gold if g.pdf == pdf):
            grids = [t["rows"] for t in data["tables"] if t["page"] in g.pages]
            if len(g.pages) > 1:
                grids.append([row for t in data["tables"] if t["page"] in g.pages for row in t["rows"]])
            scores.append(best_score(g, grids))
        out[pdf] = {"seconds": data["seconds"], "scores": scores}
    return out


def _can_import_camelot(python: str) -> bool:
    return subprocess.run([python, "-c", "import camelot"], capture_output=True).returncode == 0


def _build(layout_seconds: float, plain_seconds: float) -> dict[str, float]:
    """Build the default corpus plus the reports with the packaged model: seconds per page, and the
    same build with pypdf's plain text in place of the layout reading (measured above)."""
    from policyqa import build_index

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for path in [*REPORTS.glob("*.pdf"), *(ROOT / "corpus").glob("*.txt")]:
            (corpus / path.name).write_bytes(path.read_bytes())
        started = time.perf_counter()
        report = build_index(corpus, Path(tmp) / "index")
        seconds = time.perf_counter() - started
    pages = report.pages
    return {
        "pages": pages,
        "seconds": seconds,
        "s_per_page": seconds / pages,
        "s_per_page_with_pypdf_text": (seconds - layout_seconds + plain_seconds) / pages,
        "ratio": seconds / max(1e-9, seconds - layout_seconds + plain_seconds),
    }


def _markdown(results: dict) -> str:
    halves = [
        [
            "half",
            "tables",
            "policyqa detected",
            "cell recall",
            "precision",
            "headers right",
            "camelot detected",
            "cell recall",
            "precision",
        ]
    ]
    for half in ("tune", "test", "all"):
        ours, peer = results[half]["policyqa"], results[half]["camelot"]
        halves.append(
            [
                half,
                ours["tables"],
                ours["detected"],
                _f(ours["cell_recall"]),
                _f(ours["cell_precision"]),
                _f(ours["header_accuracy"]),
                *(_peer(peer, "detected", "cell_recall", "cell_precision")),
            ]
        )
    reports = [
        [
            "report",
            "half",
            "pages",
            "policyqa found",
            "recall",
            "s/page",
            "camelot found",
            "recall",
            "s/page",
            "pypdf text s/page",
        ]
    ]
    for pdf, doc in results["documents"].items():
        ours, peer = doc["policyqa"], doc["camelot"]
        reports.append(
            [
                pdf,
                doc["split"],
                doc["pages"],
                f"{ours['detected']}/{ours['tables']}",
                _f(ours["cell_recall"]),
                _f(ours["s_per_page"]),
                *(_peer(peer, "found", "cell_recall", "s_per_page")),
                _f(doc["pypdf_text_s_per_page"]),
            ]
        )
    lines = ["# Tables from the real reports: policyqa vs camelot stream", "", table(halves), "", table(reports)]
    if results["build"]:
        b = results["build"]
        lines += [
            "",
            f"Build of the default corpus and the 16 reports ({b['pages']} pages, packaged model): "
            f"{b['s_per_page']:.3f} s/page; with pypdf's text in place of the layout reading "
            f"{b['s_per_page_with_pypdf_text']:.3f} s/page: {b['ratio']:.2f}x.",
        ]
    lines += ["", "Gold tables not found whole:", ""]
    lines += [f"- {m['table']} ({m['split']}): cell recall {m['recall']}" for m in results["missed"]] or ["- none"]
    return "\n".join(lines) + "\n"


def _f(value: float) -> str:
    return f"{value:.3f}"


def _peer(peer: dict | None, *keys: str) -> list[str]:
    if peer is None:
        return ["–"] * len(keys)
    return [
        f"{peer['detected']}/{peer['tables']}" if k == "found" else str(peer[k]) if k == "detected" else _f(peer[k])
        for k in keys
    ]


if __name__ == "__main__":
    sys.exit(main())
