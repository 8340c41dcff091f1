"""Evaluation reports: tables of an EvalReport as text or Markdown, a PNG plot, and the files."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .gold import KINDS
from .runner import MODES, EvalReport

if TYPE_CHECKING:
    from matplotlib.axes import Axes

METRIC_ORDER = (
    "mrr@10",
    "ndcg@10",
    "answer_accuracy",
    "citation_faithfulness",
    "abstain_precision",
    "abstain_recall",
    "false_refusal",
    "list_recall",
    "correct",
)
DEFINITIONS = (
    "- **hit@k**: share of questions with a relevant chunk in the top k (a chunk is relevant when it "
    "contains one of the question's `support` strings); **mrr@10**, **ndcg@10**: binary relevance, "
    "first ten chunks. Questions of kind `abstain` have no relevant chunk and are left out of these.\n"
    "- **answer_accuracy**: share of answerable questions whose answer contains every expected string "
    "(case, spaces and thousands separators folded: `51,914.8` = `51914.8`; numbers match whole); a `list` "
    "or `summary` question is right with at least 80 % of its expected strings.\n"
    "- **false_refusal**: share of answerable questions declined. **list_recall**: mean share of the "
    "expected strings found, over `list` and `summary` questions.\n"
    "- **citation_faithfulness**: share of answered questions whose citations carry every expected string.\n"
    "- **abstain_precision / abstain_recall**: abstentions that were on `abstain` questions / `abstain` "
    "questions that got one. **correct**: every question, answered right or rightly abstained on.\n"
    "- The **full** mode is the assistant itself (hybrid retrieval, tables and answer composition); its "
    "ranking is the chunks it cited, then the passages it showed."
)


@dataclass(frozen=True, slots=True)
class Miss:
    """A question some mode missed: relevant chunk not in the top k, or a wrong answer."""

    id: str
    kind: str
    q: str
    ranks: dict[str, int | None]  # mode -> rank of the first relevant chunk
    answer: str | None  # what the full mode answered (None when it did not run)
    correct: bool | None
    expected: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReportFiles:
    markdown: Path
    plot: Path
    data: Path


def find_misses(report: EvalReport, *, k: int = 5) -> list[Miss]:
    """Questions with no relevant chunk in some mode's top k, or a wrong full-mode answer."""
    out = []
    for qid in dict.fromkeys(r.id for r in report.results):
        mine = [r for r in report.results if r.id == qid]
        ranks = {r.mode: r.first_relevant for r in mine}
        full = next((r for r in mine if r.mode == "full"), None)
        judged = mine[0].relevant > 0
        if (judged and any(rank is None or rank > k for rank in ranks.values())) or (full and full.correct is False):
            out.append(
                Miss(
                    qid,
                    mine[0].kind,
                    mine[0].q,
                    ranks,
                    full.answer if full else None,
                    full.correct if full else None,
                    mine[0].expected,
                )
            )
    return out


def summary_rows(report: EvalReport) -> list[list[str]]:
    """Metric by mode, modes side by side, plus the seconds each mode took."""
    modes = list(report.metrics)
    names = [f"hit@{k}" for k in report.ks] + [m for m in METRIC_ORDER if any(m in v for v in report.metrics.values())]
    rows = [["metric", *modes]]
    rows += [[name, *(_number(report.metrics[m].get(name)) for m in modes)] for name in names]
    rows.append(["seconds", *(f"{report.seconds.get(m, 0):.1f}" for m in modes)])
    return rows


def kind_rows(report: EvalReport) -> list[list[str]]:
    """Per kind: questions, the primary metric in each mode, and the full mode's answers."""
    modes = list(report.metrics)
    answers = "full" in report.by_kind
    header = ["kind", "questions", *(f"{report.primary} {m}" for m in modes)]
    rows = [header + (["full correct", "full faithfulness"] if answers else [])]
    for kind in KINDS:
        count = sum(1 for r in report.results if r.kind == kind and r.mode == modes[0])
        if not count:
            continue
        cells = [kind, str(count), *(_number(report.by_kind[m].get(kind, {}).get(report.primary)) for m in modes)]
        full = report.by_kind.get("full", {}).get(kind, {})
        rows.append(
            cells + ([_number(full.get("correct")), _number(full.get("citation_faithfulness"))] if answers else [])
        )
    return rows


def miss_rows(report: EvalReport, misses: Sequence[Miss], *, width: int = 90) -> list[list[str]]:
    modes = list(report.metrics)
    rows = [["id", "kind", *(f"rank {m}" for m in modes), "answer given", "expected"]]
    for miss in misses:
        ranks = [str(miss.ranks.get(m) or "–") for m in modes]
        answer = _shorten(miss.answer, width) if miss.answer is not None else "–"
        rows.append([miss.id, miss.kind, *ranks, answer, "; ".join(miss.expected) or "(abstain)"])
    return rows


def text_report(report: EvalReport) -> str:
    """The report as plain text, as `policyqa eval` prints it: the tables, then the misses."""
    misses = find_misses(report)
    return "\n\n".join(
        [
            f"{report.questions} questions, index {report.index}; primary metric: {report.primary}",
            text_table(summary_rows(report)),
            text_table(kind_rows(report)),
            f"misses ({len(misses)}): no relevant chunk in a mode's top 5, or a wrong answer",
            text_table(miss_rows(report, misses, width=60)),
        ]
    )


def text_table(rows: Sequence[Sequence[str]]) -> str:
    """Rows as aligned plain-text columns."""
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)).rstrip() for row in rows)


def markdown_table(rows: Sequence[Sequence[str]]) -> str:
    cells = [[cell.replace("|", "\\|") for cell in row] for row in rows]
    lines = ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * len(cells[0])]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in cells[1:]])


def markdown_report(report: EvalReport, *, command: str, plot_name: str, when: str) -> str:
    """The whole report as Markdown: how it was made, the tables, the plot, the misses."""
    misses = find_misses(report)
    machine = report.machine
    parts = [
        "# policyqa evaluation",
        f"Command: `{command}`  \nRun: {when} on {machine.get('cores', '?')} cores ({machine.get('cpu', '?')}), "
        f"Python {machine.get('python', '?')}; index `{report.index}`; {report.questions} questions. "
        f"Primary metric: **{report.primary}**.",
        "## Metrics by mode",
        markdown_table(summary_rows(report)),
        DEFINITIONS,
        f"![Hit@k per mode and accuracy by kind]({plot_name})",
        "## By kind",
        markdown_table(kind_rows(report)),
        f"## Misses ({len(misses)})",
        f"Questions with no relevant chunk in some mode's top 5 (rank shown; – when not in the top "
        f"{max(10, *report.ks)}), or answered wrongly by the full mode.",
        markdown_table(miss_rows(report, misses, width=160)) if misses else "None.",
    ]
    if report.problems:
        parts += [
            f"## Malformed gold lines ({len(report.problems)}, skipped)",
            "\n".join(f"- line {p.line}: {p.problem}" for p in report.problems),
        ]
    return "\n\n".join(parts) + "\n"


def plot_report(report: EvalReport, path: Path) -> None:
    """Hit@k curves per mode, the primary metric by kind, and accuracy by kind, as one PNG."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # lazy: matplotlib is slow to import
    from matplotlib.figure import Figure

    figure = Figure(figsize=(15, 4.5), layout="constrained")
    curves, kinds, answers = figure.subplots(1, 3)
    _plot_curves(curves, report)
    _plot_bars(
        kinds,
        report,
        {m: {k: v.get(report.primary) for k, v in report.by_kind[m].items()} for m in report.metrics},
        f"{report.primary} by kind",
    )
    full = report.by_kind.get("full", {})
    _plot_bars(
        answers,
        report,
        {"full": {k: v.get("correct") for k, v in full.items()}} if full else {},
        "full mode: share correct by kind (abstain: abstained)",
    )
    FigureCanvasAgg(figure).print_png(str(path))  # type: ignore[no-untyped-call]  # matplotlib leaves it untyped


def _plot_curves(axes: Axes, report: EvalReport) -> None:
    for mode, values in report.metrics.items():
        axes.plot(
            report.ks, [values.get(f"hit@{k}", 0.0) for k in report.ks], marker="o", label=mode, color=_colour(mode)
        )
    axes.set(title="Hit@k per mode", xlabel="k", ylabel="share of questions", ylim=(0, 1.02), xticks=list(report.ks))
    axes.grid(alpha=0.3)
    axes.legend(loc="lower right")


def _plot_bars(axes: Axes, report: EvalReport, values: dict[str, dict[str, float | None]], title: str) -> None:
    kinds = [k for k in KINDS if any(v.get(k) is not None for v in values.values())]
    width = 0.8 / max(1, len(values))
    for n, (mode, by_kind) in enumerate(values.items()):
        xs = [i + (n - (len(values) - 1) / 2) * width for i in range(len(kinds))]
        bars = axes.bar(xs, [by_kind.get(k) or 0.0 for k in kinds], width, label=mode, color=_colour(mode))
        axes.bar_label(bars, fmt="%.2f", fontsize=7)
    counts = {k: sum(1 for r in report.results if r.kind == k and r.mode == next(iter(report.metrics))) for k in kinds}
    axes.set_xticks(range(len(kinds)), [f"{k}\n(n={counts[k]})" for k in kinds])
    axes.set(title=title if kinds else f"{title}: not run", ylim=(0, 1.2), yticks=[0, 0.2, 0.4, 0.6, 0.8, 1.0])
    if len(values) > 1:
        axes.legend(loc="upper center", ncol=len(values), fontsize=8)


def write_report(report: EvalReport, folder: Path | str, *, command: str) -> ReportFiles:
    """report.md, eval.png and eval.json in `folder` (created if missing)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files = ReportFiles(folder / "report.md", folder / "eval.png", folder / "eval.json")
    when = datetime.now(UTC).isoformat(timespec="seconds")
    plot_report(report, files.plot)
    files.markdown.write_text(markdown_report(report, command=command, plot_name=files.plot.name, when=when), "utf-8")
    files.data.write_text(json.dumps(asdict(report), indent=1, ensure_ascii=False) + "\n", "utf-8")
    return files


def _colour(mode: str) -> str:
    return f"C{MODES.index(mode)}" if mode in MODES else "grey"


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
