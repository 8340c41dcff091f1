"""The CLI: every subcommand has help and is in the README; errors are one clear line."""

import json
import subprocess
import sys

import pytest

from policyqa.cli import build_parser, main

from conftest import REPO

SUBCOMMANDS = sorted(build_parser()._subparsers._group_actions[0].choices)


def test_subcommands_are_the_documented_ones():
    assert SUBCOMMANDS == ["ask", "build", "chat", "eval", "info", "search", "verify"]


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_has_help_with_an_example(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    assert "Example: policyqa " + command in capsys.readouterr().out


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_is_in_the_readme(command):
    assert f"policyqa {command}" in (REPO / "README.md").read_text()


def test_missing_index_is_one_line_on_stderr(tmp_path, capsys):
    assert main(["info", "--index", str(tmp_path / "none")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: no index in") and "policyqa build" in err


def test_questions_file_with_a_bad_line_names_the_line(tmp_path, capsys):
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"q": "fine"}\n{"question": "wrong key"}\n')
    assert main(["ask", "--questions", str(questions), "--index", str(tmp_path / "none")]) == 1
    assert 'line 2: expected an object with a "q" string' in capsys.readouterr().err


def test_questions_file_with_a_bad_history_names_the_line(tmp_path, capsys):
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"q": "And in 2010?", "history": "not a list"}\n')
    assert main(["ask", "--questions", str(questions), "--index", str(tmp_path / "none")]) == 1
    assert 'line 1: "history" must be a list' in capsys.readouterr().err


def test_info_prints_the_manifest(tmp_path, fake_embedder, capsys):
    from policyqa import build_index

    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("Japan designated 11 critical materials in December 2022.\n")
    build_index(tmp_path / "c", tmp_path / "i", embedder=fake_embedder)
    assert main(["info", "--index", str(tmp_path / "i"), "--json"]) == 0
    manifest = json.loads(capsys.readouterr().out)
    assert manifest["model"] == fake_embedder.name and manifest["documents"][0]["source"] == "a.txt"


def test_a_model_that_cannot_load_offline_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("Japan designated 11 critical materials in December 2022.\n")
    code = main(
        ["build", "--corpus", str(tmp_path / "c"), "--index", str(tmp_path / "i"), "--model", "nobody/no-such-model"]
    )
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("error: cannot load embedding model 'nobody/no-such-model' offline")
    assert "--model" in err and not (tmp_path / "i" / "CURRENT").exists() and not list((tmp_path / "i").glob("gen-*"))


@pytest.mark.parametrize("argv", [["--help"], ["ask", "--help"], ["build", "--bogus"], []])
def test_help_and_usage_errors_import_no_engine(argv):
    """`policyqa --help` and a mistyped command start at once: no numpy, no index, no model runtime."""
    script = (
        "import sys\n"
        "from policyqa.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('numpy', 'onnxruntime', 'torch', 'policyqa.index', 'policyqa.api', 'policyqa.settings')\n"
        "print(','.join(m for m in heavy if m in sys.modules) or 'none', file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.stderr.strip().splitlines()[-1] == "none"


def test_the_parser_for_one_command_has_that_commands_arguments_only():

    assert build_parser("ask").parse_args(["ask", "q", "--json"]).json
    with pytest.raises(SystemExit):
        build_parser(None).parse_args(["ask", "q", "--json"])  # --help lists commands, not their options
