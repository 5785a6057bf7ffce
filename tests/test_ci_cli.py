"""CI use through the real command line: formats, baseline, parallel folders, pre-commit."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import jsonschema
import pytest

from tests.test_cli import GAPPY, run

ROOT = Path(__file__).parent.parent
SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
AS_OF = "2026-12-01"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "gappy.org.yaml").write_text(GAPPY, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("with_findings", [True, False])
def test_sarif_from_the_cli_validates(repo: Path, with_findings: bool) -> None:
    args = ["check", "--format", "sarif", "--as-of", AS_OF, "gappy.org.yaml"]
    if not with_findings:
        args += ["--select", "CG209"]
    code, output = run(*args, cwd=repo)
    document = json.loads(output)
    jsonschema.validate(document, SARIF_SCHEMA)
    results = document["runs"][0]["results"]
    assert (len(results) > 0) == with_findings
    assert code == (1 if with_findings else 0)
    for result in results:
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
        assert result["partialFingerprints"]


def test_github_annotations_and_step_summary(repo: Path) -> None:
    summary = repo / "summary.md"
    code, output = run(
        "check", "--format", "github", "--as-of", AS_OF, "gappy.org.yaml",
        cwd=repo, env={"GITHUB_STEP_SUMMARY": str(summary)},
    )  # fmt: skip
    assert code == 1
    assert "::warning file=gappy.org.yaml,line=7" in output
    assert "CG201" in summary.read_text(encoding="utf-8")


def test_junit_and_gitlab_from_the_cli(repo: Path) -> None:
    _, output = run("check", "--format", "junit", "--as-of", AS_OF, "gappy.org.yaml", cwd=repo)
    suite = ET.fromstring(output).find("testsuite")
    assert suite is not None
    names = [case.get("name") for case in suite.iter("testcase")]
    assert len(names) == len(set(names)) > 1
    _, output = run("check", "--format", "gitlab", "--as-of", AS_OF, "gappy.org.yaml", cwd=repo)
    fingerprints = [issue["fingerprint"] for issue in json.loads(output)]
    assert len(fingerprints) == len(set(fingerprints)) > 1


def test_baseline_survives_inserted_lines_and_catches_new_problems(repo: Path) -> None:
    org = repo / "gappy.org.yaml"
    code, _ = run("check", "--write-baseline", "baseline.json", "--as-of", AS_OF, str(org.name),
                  cwd=repo)  # fmt: skip
    assert code == 0
    # Lines inserted above everything move every finding down: still all hidden.
    org.write_text("# Revideret november 2026\n\n# Ansvar: Anne\n" + GAPPY, encoding="utf-8")
    code, output = run("check", "--baseline", "baseline.json", "--as-of", AS_OF, org.name,
                       cwd=repo)  # fmt: skip
    assert code == 0, output
    assert "0 recorded entries no longer match" in output
    # A new problem still fails; a fixed one is counted as stale.
    changed = (
        org.read_text(encoding="utf-8")
        .replace("people:\n", "people:\n  carla: {name: Carla Dam, role: staff}\n")
        .replace(
            "    owner: bo\n",
            "    owner: bo\n    description: Planlægge ICDP-forløbet\n    contributors: [carla]\n",
        )
    )
    org.write_text(changed, encoding="utf-8")
    code, output = run("check", "--baseline", "baseline.json", "--as-of", AS_OF, org.name,
                       cwd=repo)  # fmt: skip
    assert code == 1
    assert "CG104" in output  # Carla does not communicate with Bo: new
    assert "CG203" not in output  # the description was added: fixed
    assert "1 recorded entries no longer match" in output


def test_jobs_2_gives_output_identical_to_jobs_1(tmp_path: Path) -> None:
    generator().generate_folder(tmp_path / "kommune", files=50, people=30, seed=7)
    outputs = {}
    for jobs in ("1", "2"):
        for fmt in ("text", "json"):
            code, output = run("check", "--jobs", jobs, "--format", fmt, "--as-of", AS_OF,
                               "kommune", cwd=tmp_path)  # fmt: skip
            assert code in (0, 1)
            outputs[jobs, fmt] = output
    assert outputs["1", "text"] == outputs["2", "text"]
    assert outputs["1", "json"] == outputs["2", "json"]
    assert len(json.loads(outputs["2", "json"])["files"]) == 50


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_try_repo_runs_the_hook(tmp_path: Path) -> None:
    """The real pre-commit, installing this repository's hook into its own environment."""
    work = tmp_path / "municipality"
    work.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid"}  # fmt: skip
    env.pop("PYTHONPATH", None)

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=work, env=env, check=True, capture_output=True)

    git("init", "-q")
    (work / "solsikken.org.yaml").write_text(GAPPY, encoding="utf-8")
    git("add", "solsikken.org.yaml")
    process = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "coordgraph",
         "--files", "solsikken.org.yaml"],
        cwd=work, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    output = process.stdout + process.stderr
    assert process.returncode == 1, output
    assert "CG201 missing-mandate" in output
    assert "Failed" in output
