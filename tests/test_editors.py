"""Editor set-up: where ``coordgraph init`` points ``$schema``, ``coordgraph schema -o``,
and docs/editors.md held to the commands it shows.

The ``$schema`` comment must keep working for a colleague who clones the repository
and after the repository is copied elsewhere: it names the repository's own copy of
the schema by a path relative to the file, never the Python installation.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coordgraph.schema import json_schema
from tests.strategies import run_cli

ROOT = Path(__file__).resolve().parent.parent
MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)")


def modeline(path: Path) -> str:
    match = MODELINE.fullmatch(path.read_text(encoding="utf-8").splitlines()[0])
    assert match, path.read_text(encoding="utf-8")[:200]
    return match.group(1)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    work = tmp_path / "kommune"
    (work / ".git").mkdir(parents=True)
    (work / "dagtilbud" / "nord").mkdir(parents=True)
    return work


def test_init_refers_to_the_repositorys_schema_by_a_relative_path(repo: Path) -> None:
    target = repo / "dagtilbud" / "nord" / "solstraalen.org.yaml"
    code, _out, err = run_cli("init", str(target))
    assert code == 0, err
    reference = modeline(target)
    assert reference == "../../org.schema.json"
    schema = repo / "org.schema.json"
    assert json.loads(schema.read_text(encoding="utf-8")) == json_schema()
    assert "org.schema.json" in err
    # a second file finds the schema already there, nearer or higher up
    second = repo / "dagtilbud" / "second.org.yaml"
    code, _out, err = run_cli("init", str(second))
    assert code == 0 and modeline(second) == "../org.schema.json"
    assert "site-packages" not in reference and ".venv" not in reference


def test_the_reference_resolves_after_the_repository_is_copied(repo: Path, tmp_path: Path) -> None:
    target = repo / "dagtilbud" / "nord" / "solstraalen.org.yaml"
    assert run_cli("init", str(target))[0] == 0
    copy = tmp_path / "a colleague's machine" / "kommune"
    shutil.copytree(repo, copy)
    shutil.rmtree(repo)  # nothing of the original is left to lean on
    moved = copy / "dagtilbud" / "nord" / "solstraalen.org.yaml"
    schema = (moved.parent / modeline(moved)).resolve()
    assert schema == (copy / "org.schema.json").resolve() and schema.is_file()
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), str(moved)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # and within the repository, a file moved alongside keeps its reference
    sibling = copy / "dagtilbud" / "syd" / "solstraalen.org.yaml"
    sibling.parent.mkdir()
    shutil.move(moved, sibling)
    assert (sibling.parent / modeline(sibling)).resolve() == schema


def test_init_leaves_a_schema_of_another_version_alone_and_says_so(repo: Path) -> None:
    (repo / "org.schema.json").write_text("{}\n", encoding="utf-8")
    code, _out, err = run_cli("init", str(repo / "new.org.yaml"))
    assert code == 0
    assert (repo / "org.schema.json").read_text(encoding="utf-8") == "{}\n"
    assert "coordgraph schema -o" in err


def test_schema_writes_the_schema_to_a_file(repo: Path) -> None:
    target = repo / "org.schema.json"
    code, out, err = run_cli("schema", "-o", str(target))
    assert code == 0 and out == "", err
    assert target.read_text(encoding="utf-8") == (
        ROOT / "coordgraph" / "org.schema.json"
    ).read_text(encoding="utf-8")
    code, _out, err = run_cli("schema", "-o", str(repo / "wrong.org.yaml"))
    assert code == 2 and not (repo / "wrong.org.yaml").exists()


def test_editors_doc_shows_the_commands_that_exist() -> None:
    text = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    for needed in ("coordgraph server", "coordgraph schema -o", "coordgraph init",
                   "nvim-lspconfig", "eglot", "VS Code", "yaml.schemas"):  # fmt: skip
        assert needed in text, needed
    for block in re.findall(r"```jsonc?\n(.*?)```", text, flags=re.S):
        json.loads(re.sub(r"^\s*//.*$", "", block, flags=re.M))  # each JSON snippet parses
    code, out, _err = run_cli("server", "--help")
    assert code == 0 and "language server" in out
