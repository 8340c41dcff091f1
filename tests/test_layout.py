"""The import graph runs one way, and the page and CLI use only the public API (docs/architecture.md).

Order: records, errors, settings, text, numbers < ingest < tables < index < retrieve < figures < answer <
evaluate < render < api < cli. A stage imports earlier stages only through their package (its __init__).
"""

from __future__ import annotations

import ast
import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

import policyqa

from conftest import REPO

SRC = REPO / "src" / "policyqa"
ORDER = ("base", "ingest", "tables", "index", "retrieve", "figures", "answer", "evaluate", "render", "api", "cli")
BASE = frozenset({"records", "errors", "settings", "text", "numbers"})
UI_FILES = (REPO / "streamlit_app.py", *sorted((REPO / "app_pages").glob("*.py")), *sorted((REPO / "app").glob("*.py")))


@dataclass(frozen=True, slots=True)
class Import:
    line: int
    module: str  # absolute: "policyqa.index"
    names: tuple[str, ...]  # imported from it; () for `import x`


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage(module: str) -> str:
    """The stage a policyqa module belongs to: "base", a subpackage's name, "api" or "cli"."""
    parts = module.split(".")[1:]
    if not parts or parts[0] == "api":
        return "api"  # policyqa/__init__ re-exports the API
    return "base" if parts[0] in BASE else parts[0]


def entry_point(name: str) -> str:
    """Where other stages import a stage from: its package, or policyqa itself for the API."""
    return "policyqa" if name == "api" else f"policyqa.{name}"


def imports(source: str, module: str, *, package: bool) -> list[Import]:
    """Every import of a policyqa module in `source`, relative ones made absolute."""
    here = module.split(".") if package else module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [Import(node.lineno, a.name, ()) for a in node.names if a.name.split(".")[0] == "policyqa"]
        elif isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            if target.split(".")[0] == "policyqa":
                found.append(Import(node.lineno, target, tuple(a.name for a in node.names)))
    return found


def targets(found: Import) -> list[str]:
    """The modules an import loads: `from . import evidence` loads policyqa.answer.evidence, while
    `from .answer import compose` takes the function the package exports under that name."""
    package = importlib.import_module(found.module)
    subs = [f"{found.module}.{n}" for n in found.names if isinstance(getattr(package, n, None), ModuleType)]
    return subs or [found.module]


def violations(module: str, source: str, *, package: bool = False) -> list[str]:
    """Why the imports of one package module break the layering (empty when they do not)."""
    out = []
    mine = stage(module)
    for found in imports(source, module, package=package):
        for target in targets(found):
            theirs = stage(target)
            where = f"{module}:{found.line} imports {target}"
            if ORDER.index(theirs) > ORDER.index(mine):
                out.append(f"{where}: {theirs} comes after {mine}")
            elif theirs not in (mine, "base") and target != entry_point(theirs):
                out.append(f"{where}: import it from {entry_point(theirs)}, the stage's entry point")
            elif mine == "cli" and (target != "policyqa" or not set(found.names) <= set(policyqa.__all__)):
                out.append(f"{where}: the CLI uses only names from policyqa.__all__")
    if any(m.split(".")[0] == "streamlit" for m in _third_party(source)):
        out.append(f"{module} imports streamlit: only the page does")
    return out


def _third_party(source: str) -> list[str]:
    tree = ast.parse(source)
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    return names + [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module and not n.level]


def ui_violations(name: str, source: str) -> list[str]:
    """Imports of policyqa in the page's code that are not names of the public API."""
    out = []
    for found in imports(source, name, package=False):
        if found.module != "policyqa" or not found.names or not set(found.names) <= set(policyqa.__all__):
            out.append(f"{name}:{found.line} imports {found.module} {list(found.names)}: use `from policyqa import`")
    return out


def package_modules() -> list[tuple[str, Path]]:
    return [(module_name(path), path) for path in sorted(SRC.rglob("*.py"))]


# --- the rules hold ------------------------------------------------------------------------


def test_no_stage_imports_a_later_one_or_another_stages_inner_modules() -> None:
    found = [
        v
        for name, path in package_modules()
        for v in violations(name, path.read_text(), package=path.name == "__init__.py")
    ]
    assert found == []


def test_the_page_and_its_helpers_use_only_the_public_api() -> None:
    found = [v for path in UI_FILES for v in ui_violations(path.name, path.read_text())]
    assert found == []


def test_the_module_import_graph_has_no_cycle() -> None:
    graph = {
        name: {t for i in imports(path.read_text(), name, package=path.name == "__init__.py") for t in targets(i)}
        for name, path in package_modules()
    }
    assert _cycle(graph) is None


def test_metrics_are_pure() -> None:
    source = (SRC / "evaluate" / "metrics.py").read_text()
    assert {i.module for i in imports(source, "policyqa.evaluate.metrics", package=False)} == {"policyqa.text"}


def test_every_stage_has_a_one_line_docstring_and_a_short_all() -> None:
    for name in ORDER[1:-2]:
        package = __import__(f"policyqa.{name}", fromlist=["__all__"])
        assert package.__doc__ and "\n" not in package.__doc__.strip(), name
        assert 0 < len(package.__all__) <= 15, name
        assert all(hasattr(package, n) for n in package.__all__), name


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of the directed graph, or None."""
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return [*path, node, nxt]
            if nxt not in state and (found := visit(nxt, [*path, node])):
                return found
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node, [])):
            return found
    return None


# --- the checker catches what it must -----------------------------------------------------


@pytest.mark.parametrize(
    ("module", "source", "problem"),
    [
        ("policyqa.ingest.reader", "from ..answer import compose\n", "answer comes after ingest"),
        ("policyqa.tables.parse", "from policyqa.index import load_index\n", "index comes after tables"),
        ("policyqa.text", "from .index import build_index\n", "index comes after base"),
        ("policyqa.answer.compose", "from ..index.folder import load_index\n", "the stage's entry point"),
        ("policyqa.evaluate.metrics", "from . import runner\n", None),
        ("policyqa.cli", "from .index import build_index\n", "only names from policyqa.__all__"),
        ("policyqa.api", "from .cli import main\n", "cli comes after api"),
        ("policyqa.figures.engine", "import streamlit as st\n", "imports streamlit"),
        ("policyqa.answer.compose", "from ..figures import answer_figures\nfrom ..text import years_in\n", None),
    ],
)
def test_the_checker_flags_back_imports_and_reaching_into_a_stage(
    module: str, source: str, problem: str | None
) -> None:
    found = violations(module, source)
    assert any(problem in v for v in found) if problem else found == []


def test_the_checker_flags_a_page_importing_internals() -> None:
    assert ui_violations("ask.py", "from policyqa.answer import compose\n")
    assert ui_violations("ask.py", "import policyqa.index\n")
    assert ui_violations("ask.py", "from policyqa import Assistant, build_index\n") == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
