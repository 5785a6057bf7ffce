"""The layering contract, read from the source: who may import whom.

The pipeline reads one way: load -> validate -> assemble -> graph -> checks -> findings
-> reporters / renderers / server. The imports are read with ``ast`` from every module
of the package (module level, inside functions, and under ``TYPE_CHECKING``), so a
lazy import inside a function counts as much as one at the top.

* the checks never import the command line, the reporters, the renderers or
  matplotlib;
* nothing the check path imports reaches the renderers or matplotlib;
* the input layers (reading, places, the model, the words) import nothing above them;
* no two modules import each other, directly or round a circle (imports at module
  level, the ones that run when a module is loaded).
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "coordgraph"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, node: ast.ImportFrom) -> list[str]:
    if node.level:
        package = module.split(".")
        if not (PACKAGE / Path(*package[1:]) / "__init__.py").exists() or package[-1] == "":
            package = package[:-1]
        base = ".".join(package[: len(package) - node.level + 1])
        target = f"{base}.{node.module}" if node.module else base
    else:
        target = node.module or ""
    names = [f"{target}.{alias.name}" for alias in node.names]
    return [target, *names]


def imports(path: Path) -> tuple[set[str], set[str]]:
    """(every module imported anywhere in the file, those imported at module level)."""
    module = module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    everywhere: set[str] = set()
    top: set[str] = set()

    def visit(node: ast.AST, at_top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                visit(child, False)
                continue
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                visit(child, False)
                continue
            found: list[str] = []
            if isinstance(child, ast.Import):
                found = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                found = _resolve(module, child)
            everywhere.update(found)
            if at_top:
                top.update(found)
            visit(child, at_top)

    visit(tree, True)
    return everywhere, top


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
IMPORTS = {name: imports(path) for name, path in MODULES.items()}


def internal(found: set[str]) -> set[str]:
    """The package's own modules among ``found`` (``a.b.c`` names ``a.b`` if that is
    the module and ``c`` a name in it)."""
    result = set()
    for name in found:
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name:
            result.add(name)
    return result


def reach(start: str) -> set[str]:
    """Every module of the package that ``start`` imports, directly or not."""
    seen = {start}
    todo = [start]
    while todo:
        for target in internal(IMPORTS[todo.pop()][0]):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_the_reader_sees_every_module() -> None:
    assert {"coordgraph.engine", "coordgraph.checks", "coordgraph.render.draw"} <= set(MODULES)
    assert "coordgraph.validate" in internal(IMPORTS["coordgraph.engine"][1])


@pytest.mark.parametrize("module", [m for m in MODULES if m.startswith("coordgraph.checks")])
def test_checks_never_import_the_cli_reporters_renderers_or_matplotlib(module: str) -> None:
    forbidden = ("coordgraph.cli", "coordgraph.reporters", "coordgraph.render", "matplotlib")
    for name in IMPORTS[module][0]:
        assert not name.startswith(forbidden), f"{module} imports {name}"


def test_the_check_path_never_reaches_the_renderers_or_matplotlib() -> None:
    for start in ("coordgraph.engine", "coordgraph.config", "coordgraph.reporters.text"):
        for module in reach(start):
            assert not module.startswith("coordgraph.render"), (start, module)
            assert not any(n.startswith("matplotlib") for n in IMPORTS[module][0]), module


LOWER = {
    "coordgraph.findings": set(),
    "coordgraph.nodepath": set(),
    "coordgraph.scalars": set(),
    "coordgraph.terms": set(),
    "coordgraph.model": {"coordgraph.nodepath"},
    "coordgraph.frozen": set(),
    "coordgraph.places": {"coordgraph.nodepath", "coordgraph.findings", "coordgraph.frozen"},
    "coordgraph.mistakes": {"coordgraph.places", "coordgraph.terms"},
    "coordgraph.loader": {
        "coordgraph.nodepath",
        "coordgraph.findings",
        "coordgraph.places",
        "coordgraph.scalars",
        "coordgraph.mistakes",
    },
}


@pytest.mark.parametrize("module", sorted(LOWER))
def test_the_input_layers_import_nothing_above_them(module: str) -> None:
    allowed = LOWER[module] | {module, "coordgraph"}
    found = internal(IMPORTS[module][1])
    assert found <= allowed, found - allowed


def test_no_import_cycles() -> None:
    graph: nx.DiGraph[str] = nx.DiGraph()
    for module, (_everywhere, top) in IMPORTS.items():
        for target in internal(top):
            if target != module and not module.startswith(f"{target}."):
                graph.add_edge(module, target)
    cycles = list(nx.simple_cycles(graph))
    assert not cycles, cycles


def _imported_by_a_check(tmp_path: Path, text: str) -> set[str]:
    """The modules a ``coordgraph check`` of ``text`` has loaded when it ends."""
    import subprocess
    import sys

    org = tmp_path / "t.org.yaml"
    org.write_text(text, encoding="utf-8")
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['coordgraph', 'check', '-q', '--isolated', {str(org)!r}]\n"
        "try:\n"
        "    runpy.run_module('coordgraph', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.strip().splitlines()[-1].split())


_ORG = """version: 1
organisation: {id: o, name: O}
people:
  bo: {name: Bo, role: leader}
  anne: {name: Anne, role: inbetweener, reports_to: bo}
forums:
  team: {frequency: weekly, members: [bo, anne]}
tasks:
  t: {title: T, owner: anne, mandate: {granted_by: bo}}
"""


def test_networkx_is_loaded_only_when_a_rule_walks_the_graph(tmp_path: Path) -> None:
    """Every owner sits next to a leader: no graph to walk, so the check starts without
    networkx (a tenth of a second at every run of a pre-commit hook). Take the forum
    away and CG106 walks the contact graph, with networkx."""
    assert "networkx" not in _imported_by_a_check(tmp_path, _ORG)
    alone = _ORG.replace("members: [bo, anne]", "members: [bo]")
    assert "networkx" in _imported_by_a_check(tmp_path, alone)
