"""The `policyqa` command: a thin skin over the public API (`from policyqa import ...`)."""

from __future__ import annotations

import argparse
import io
import os
import sys

# Only what parsing the command line needs is imported here: each command imports the engine it runs
# (numpy, the index, onnxruntime), so `policyqa --help` and usage errors start at once.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any, TextIO

    from policyqa import Answer, Assistant, BuildReport, Hit, Manifest, Passage, Settings, VerifyReport

    Handler = Callable[[argparse.Namespace], int]


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a model hub at run time
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    for stream in (sys.stdout, sys.stderr):  # text that cannot be encoded is shown escaped, never a traceback
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(_command_in(argv)).parse_args(argv)
    from policyqa import PolicyQAError  # after parsing: --help and usage errors import no more

    try:
        handler: Handler = args.handler
        return handler(args)
    except PolicyQAError as err:
        if args.debug:
            raise
        print(f"error: {err}", file=sys.stderr)
        return 1


ALL = "*"  # build_parser(ALL): every command with all its arguments


def build_parser(command: str | None = ALL) -> argparse.ArgumentParser:
    """The command line; only `command`'s arguments are added (None: no command's, as --help needs)."""
    parser = argparse.ArgumentParser(prog="policyqa", description=__doc__)
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (help, handler, arguments) in _commands().items():
        p = _subcommand(sub, name, handler, help=help)
        if command in (ALL, name):
            arguments(p)
    return parser


def _commands() -> dict[str, tuple[str, Handler, Callable[[argparse.ArgumentParser], None]]]:
    return {
        "build": ("index a corpus folder", cmd_build, _build_arguments),
        "search": ("rank passages and table rows for a query", cmd_search, _search_arguments),
        "ask": ("answer a question with citations", cmd_ask, _ask_arguments),
        "chat": ("ask questions one after another; follow-ups keep the subject", cmd_chat, _chat_arguments),
        "info": ("describe an index: model, documents, counts", cmd_info, _info_arguments),
        "verify": ("check every index file against its recorded checksum", cmd_verify, _verify_arguments),
        "eval": ("score retrieval and answers on gold questions, mode by mode", cmd_eval, _eval_arguments),
    }


def _command_in(argv: list[str]) -> str | None:
    """The command named on the command line (its first word that is not an option), if any."""
    return next((word for word in argv if not word.startswith("-")), None)


def _subcommand(sub: Any, name: str, handler: Handler, *, help: str) -> argparse.ArgumentParser:
    """A subcommand whose description is its handler's docstring (ending in an example)."""
    p: argparse.ArgumentParser = sub.add_parser(
        name, help=help, description=handler.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.set_defaults(handler=handler)
    return p


def _path(text: str) -> Path:
    from pathlib import Path

    return Path(text)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index", help="index folder (default: $POLICYQA_INDEX or ./index)")
    p.add_argument("--model", help="embedding model name or path (default: $POLICYQA_MODEL or packaged MiniLM)")


def _build_arguments(p: argparse.ArgumentParser) -> None:
    _common(p)
    p.add_argument("--corpus", help="folder of .pdf, .txt and .md files (default: ./corpus)")
    p.add_argument("--force", action="store_true", help="rebuild everything, reusing nothing")
    p.add_argument("--json", action="store_true", help="print the build report as JSON")
    p.add_argument(
        "--password",
        action="append",
        default=[],
        type=_password,
        metavar="FILE=SECRET",
        help="password of an encrypted PDF (its name or corpus-relative path); repeatable",
    )
    p.add_argument("--passwords-file", type=_path, metavar="PATH", help="one name=secret line per encrypted PDF")
    p.add_argument(
        "--follow-symlinks", action="store_true", help="index linked files whose real path is outside the corpus"
    )
    p.add_argument(
        "--file-timeout",
        type=float,
        metavar="SECONDS",
        help="CPU seconds of text extraction per PDF before it is kept as partial (default: 120)",
    )
    p.add_argument("--no-wait", action="store_true", help="fail at once if another build of this index is running")


def _search_arguments(p: argparse.ArgumentParser) -> None:
    _common(p)
    p.add_argument("query")
    p.add_argument("-k", type=int, default=10, help="how many results (default: 10)")
    p.add_argument("--mode", default="hybrid", choices=("hybrid", "dense", "bm25"), help="retriever (default: hybrid)")
    p.add_argument("--json", action="store_true", help="print JSON")


def _ask_arguments(p: argparse.ArgumentParser) -> None:
    _common(p)
    p.add_argument("question", nargs="?", help="the question (or use --questions)")
    p.add_argument(
        "--questions",
        type=_path,
        help='JSON Lines file, one {"q": "...", "history": ["earlier question", ...]} per line',
    )
    p.add_argument("--json", action="store_true", help="print the JSON answer contract")


def _chat_arguments(p: argparse.ArgumentParser) -> None:
    _common(p)
    p.add_argument("--json", action="store_true", help="print each answer as the JSON answer contract")


def _info_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index", help="index folder (default: $POLICYQA_INDEX or ./index)")
    p.add_argument("--json", action="store_true", help="print the manifest as JSON")


def _verify_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index", help="index folder (default: $POLICYQA_INDEX or ./index)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")


def _eval_arguments(p: argparse.ArgumentParser) -> None:
    _common(p)
    p.add_argument(
        "--questions", type=_path, required=True, help='gold JSON Lines: {"id", "q", "kind", "answer", "support"}'
    )
    p.add_argument("--modes", default="bm25,dense,hybrid,full", help="comma-separated modes (default: all four)")
    p.add_argument(
        "--split", choices=("tune", "test"), help="only the questions of one half of a development set (default: all)"
    )
    p.add_argument("--k", default="1,3,5,10", type=_cut_offs, help="comma-separated Hit@k cut-offs (default: 1,3,5,10)")
    p.add_argument("--json", action="store_true", help="print metrics by mode and per-question results as JSON")
    p.add_argument("--report", type=_path, help="write report.md, eval.png and eval.json into this folder")


def cmd_build(args: argparse.Namespace) -> int:
    """Index a corpus; only new or changed documents are read and embedded.

    Example: policyqa build --corpus corpus --index index --password locked.pdf=s3cret
    """
    import json
    from dataclasses import asdict

    from policyqa import BuildRunningError, resolve_index_dir

    index = resolve_index_dir(args.index)
    try:
        report = _build(args, index, lock_timeout_s=0)
    except BuildRunningError:
        if args.no_wait:
            raise
        print(f"another build is writing {index}/: waiting for it to finish (--no-wait to stop)", file=sys.stderr)
        report = _build(args, index, lock_timeout_s=None)
    print(json.dumps(asdict(report), indent=2) if args.json else format_build(report))
    return 0


def _build(args: argparse.Namespace, index: str, *, lock_timeout_s: float | None) -> BuildReport:
    from policyqa import DEFAULT_CORPUS, build_index

    return build_index(
        args.corpus or DEFAULT_CORPUS,
        index,
        settings=_build_settings(args),
        force=args.force,
        progress=None if args.json else ProgressPrinter(sys.stderr),
        lock_timeout_s=lock_timeout_s,
    )


def _build_settings(args: argparse.Namespace) -> Settings:
    from policyqa import read_passwords_file, resolve_settings

    overrides: dict[str, Any] = {"follow_symlinks": args.follow_symlinks}
    if args.file_timeout is not None:
        overrides["file_timeout_s"] = args.file_timeout
    settings = resolve_settings(model=args.model, **overrides)
    from_file = read_passwords_file(args.passwords_file) if args.passwords_file else ()
    return settings.with_passwords((*from_file, *args.password))  # a flag wins over the file


def _password(text: str) -> tuple[str, str]:
    from policyqa import PolicyQAError, parse_password

    try:
        return parse_password(text)
    except PolicyQAError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def cmd_search(args: argparse.Namespace) -> int:
    """Show the best passages and table rows for a query.

    Example: policyqa search "IPEF supply chain agreement" -k 5
    """
    import json
    from dataclasses import asdict

    hits = _assistant(args).search(args.query, args.k, mode=args.mode)
    if args.json:
        print(json.dumps([asdict(_passage(h)) for h in hits], indent=2, ensure_ascii=False))
    else:
        for h in hits:
            print(
                f"{h.rank:>2}. [{h.chunk.kind}] {h.title}{_where(h.chunk.page, h.chunk.section)}  score={h.score:.4f}"
            )
            print(f"    {_shorten(h.chunk.text, 300)}")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer a question from the corpus, citing passages and table rows.

    Example: policyqa ask "When was the IPEF Supply Chain Resilience Agreement signed?"
    """
    import json

    from policyqa import QuestionError

    if (args.question is None) == (args.questions is None):
        raise QuestionError("give either a QUESTION or --questions FILE.jsonl")
    questions = read_questions(args.questions) if args.questions else [{"q": args.question}]
    assistant = _assistant(args)  # loaded once for all the questions
    for item in questions:
        answer = assistant.ask(item["q"], history=item.get("history", ())).to_dict()
        if "id" in item:
            answer = {"id": item["id"], **answer}
        print(json.dumps(answer, ensure_ascii=False) if args.json else format_answer(answer))
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    """Ask one question after another with the model loaded once; follow-ups are read with the
    conversation. An empty line or end of input ends it.

    Example: policyqa chat   (then: "What was China's share in 2020?", "And in 2010?")
    """
    import json

    from policyqa import QuestionError

    assistant = _assistant(args)
    history: list[Answer] = []
    interactive = sys.stdin.isatty()
    while (question := _prompt(interactive)) is not None:
        try:
            answer = assistant.ask(question, history=history)
        except QuestionError as err:  # a bad question ends nothing: say so and ask again
            print(f"error: {err}", file=sys.stderr)
            continue
        history.append(answer)
        print(json.dumps(answer.to_dict(), ensure_ascii=False) if args.json else format_answer(answer.to_dict()))
    return 0


def _prompt(interactive: bool) -> str | None:
    """The next question, or None at an empty line or the end of input."""
    try:
        line = input("? " if interactive else "")
    except EOFError:
        return None
    return line.strip() or None


def cmd_info(args: argparse.Namespace) -> int:
    """Describe the index: format, model, documents and counts.

    Example: policyqa info --index index
    """
    import json
    from dataclasses import asdict
    from pathlib import Path

    from policyqa import PolicyQAError, resolve_index_dir

    path = resolve_index_dir(args.index)
    from policyqa import read_manifest

    manifest = read_manifest(Path(path))
    if manifest is None:
        raise PolicyQAError(f"no index in {path}/: run `policyqa build --index {path}`")
    print(json.dumps(asdict(manifest), indent=2) if args.json else format_manifest(path, manifest))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Check every file of the current index generation against its size and sha256 in the manifest.

    Example: policyqa verify --index index
    """
    import json
    from dataclasses import asdict
    from pathlib import Path

    from policyqa import resolve_index_dir

    index = resolve_index_dir(args.index)
    from policyqa import verify_index

    report = verify_index(Path(index))
    print(json.dumps(asdict(report), indent=2) if args.json else format_verify(report))
    if report.problems:
        print(
            f"error: the index in {index}/ is damaged: run `policyqa build --index {index}` to repair it",
            file=sys.stderr,
        )
    return 1 if report.problems else 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Score BM25, dense, hybrid and the full assistant side by side on gold questions.

    Example: policyqa eval --questions tests/eval/dev.jsonl --report eval-report
    """
    import json
    from dataclasses import asdict

    from policyqa import load_gold, run_evaluation, select_split, text_report, write_report

    questions, problems = load_gold(args.questions)
    questions = select_split(questions, args.split)
    report = run_evaluation(
        _assistant(args),
        questions,
        modes=args.modes.split(","),
        ks=args.k,
        problems=problems,
        progress=_eval_progress(),
    )
    if args.report:
        write_report(report, args.report, command=_eval_command(args))
    print(json.dumps(asdict(report), ensure_ascii=False) if args.json else text_report(report))
    for p in problems:  # after the results, so they are the last thing read
        print(f"error: {args.questions}, line {p.line}: {p.problem} (skipped)", file=sys.stderr)
    return 1 if problems else 0


def read_questions(path: Path) -> list[dict[str, Any]]:
    """Questions from a JSON Lines file; a bad line names its number."""
    from policyqa import QuestionError

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise QuestionError(f"{path}: cannot read the questions file ({err})") from err
    out = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            out.append(_question_line(path, number, line))
    return out


def _question_line(path: Path, number: int, line: str) -> dict[str, Any]:
    import json

    from policyqa import QuestionError

    try:
        item = json.loads(line)
    except json.JSONDecodeError as err:
        raise QuestionError(f"{path}, line {number}: not JSON ({err.msg})") from err
    if not isinstance(item, dict) or not isinstance(item.get("q"), str):
        raise QuestionError(f'{path}, line {number}: expected an object with a "q" string')
    history = item.get("history", [])
    if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        raise QuestionError(f'{path}, line {number}: "history" must be a list of earlier questions (strings)')
    return item


def _assistant(args: argparse.Namespace) -> Assistant:
    from policyqa import Assistant, resolve_index_dir, resolve_settings

    return Assistant.from_index(resolve_index_dir(args.index), settings=resolve_settings(model=args.model))


def _passage(hit: Hit) -> Passage:
    from policyqa import Passage

    return Passage.from_hit(hit)


class ProgressPrinter:
    """Progress on a stream: one line redrawn in place on a terminal, whole lines in a log.

    A log file or a pipe gets a line per tenth of the work (and the first and last step), never
    carriage returns, so `policyqa build 2> build.log` reads line by line.
    """

    STEPS = 10

    def __init__(self, stream: TextIO, *, bar: bool = False) -> None:
        self.stream = stream
        self.bar = bar
        self.terminal = stream.isatty()
        self._shown: tuple[str, int] | None = None  # (label, tenth) last printed to a log

    def __call__(self, label: str, done: int, total: int) -> None:
        text = f"{label} {_bar(done, total)} {done}/{total}" if self.bar else f"{label}: {done}/{total}"
        if self.terminal:
            print(f"\r{text}", end="\n" if done >= total else "", file=self.stream, flush=True)
            return
        tenth = self.STEPS * done // max(total, 1)
        if (label, tenth) != self._shown:
            self._shown = (label, tenth)
            print(text, file=self.stream, flush=True)


def _bar(done: int, total: int, width: int = 30) -> str:
    filled = width * done // max(total, 1)
    return f"[{'#' * filled}{'.' * (width - filled)}]"


def format_build(r: BuildReport) -> str:
    lines = [
        f"index {r.index_dir}: "
        + ("already current, nothing written" if not r.wrote else "rebuilt from scratch" if r.rebuilt else "updated")
        + (f" (generation {r.generation})" if r.generation else ""),
        f"documents: {len(r.added)} added, {len(r.changed)} changed, {len(r.removed)} removed, "
        f"{len(r.unchanged)} unchanged",
        f"pages: {r.pages}  chunks: {r.chunks}  tables: {r.tables} ({r.table_rows} rows)  embedded: {r.embedded}",
    ]
    for document in r.documents:
        if document.tables or document.warnings:
            lines.append(f"{document.source}: {len(document.tables)} table{'s' if len(document.tables) != 1 else ''}")
            lines += [f"  {table}" for table in document.tables]
            lines += [f"  warning: {warning}" for warning in document.warnings]
    lines += [f"repaired {name}: it was damaged" for name in r.repaired]
    lines += [f"skipped {s.path}: {s.reason}" for s in r.skipped]
    lines.append(f"seconds: {r.seconds:.1f}")
    return "\n".join(lines)


def format_verify(r: VerifyReport) -> str:
    if not r.problems:
        return f"index {r.index_dir}/: generation {r.generation}, {r.files} files intact"
    return "\n".join(f"damaged: {p.file} {p.problem}" for p in r.problems)


def format_answer(a: dict[str, Any]) -> str:
    read_as = a.get("read_as")
    lines = [f"(read as: {read_as})", a["answer"], ""] if read_as else [a["answer"], ""]
    for c in a["citations"]:
        lines.append(f"[{c['n']}] {c['title']}{_where(c['page'], c['section'])}")
        lines.append(f"    {_shorten(c['text'], 400)}")
    if a["abstained"]:
        lines += [
            f"  - {p['title']}{_where(p['page'], p['section'])}: {_shorten(p['text'], 160)}" for p in a["passages"][:3]
        ]
    return "\n".join(lines)


def _cut_offs(text: str) -> list[int]:
    try:
        return [int(k) for k in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected whole numbers separated by commas, e.g. 1,3,5,10, not {text!r}"
        ) from None


def _eval_command(args: argparse.Namespace) -> str:
    """The command line that reproduces this evaluation, for the report."""
    from policyqa import resolve_index_dir

    return (
        f"policyqa eval --questions {args.questions} --index {resolve_index_dir(args.index)} --modes {args.modes} "
        f"--k {','.join(map(str, args.k))} --report {args.report}"
        + (f" --split {args.split}" if args.split else "")
        + (f" --model {args.model}" if args.model else "")
    )


def _eval_progress() -> Callable[[int, int], None]:
    printer = ProgressPrinter(sys.stderr, bar=True)
    return lambda done, total: printer("evaluating", done, total)


def format_manifest(path: str, m: Manifest) -> str:
    lines = [
        f"index {path}/ (format {m.format_version}{', ' + m.generation if m.generation else ''}), "
        f"built {m.built_at} in {m.build_seconds:.1f} s",
        f"model: {m.model} (dimension {m.dimension}), dense index: {m.dense}, chunker: {m.chunker}",
        f"{len(m.documents)} documents, {m.chunks} chunks, {m.tables} tables",
    ]
    lines += [f"  {d.doc_id}: {d.title} ({d.source}, {d.chunks} chunks, {d.tables} tables)" for d in m.documents]
    lines += [f"  skipped {s.path}: {s.reason}" for s in m.skipped]
    return "\n".join(lines)


def _where(page: int | None, section: str | None) -> str:
    parts = ([f"p. {page}"] if page else []) + ([section] if section else [])
    return f" ({', '.join(parts)})" if parts else ""


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


if __name__ == "__main__":
    sys.exit(main())
