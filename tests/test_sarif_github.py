"""SARIF from the command line, held to what GitHub code scanning documents it needs.

The official schema says what is valid SARIF (tests/test_sarif.py checks that too);
GitHub asks for more, and limits more. From GitHub's pages "SARIF support for code
scanning" and "SARIF results exceed one or more limits" (docs.github.com, code
security):

- each rule (``reportingDescriptor``): ``id``, ``shortDescription.text``,
  ``fullDescription.text``, ``help.text``; ``defaultConfiguration.level``; in
  ``properties``: ``tags`` (at most 20), ``precision`` (very-high, high, medium, low)
  and the problem severity (error, warning, recommendation);
- each result: ``ruleId``, ``message.text``, at least one location with
  ``artifactLocation.uri`` (relative to the repository, resolved by its base id) and a
  ``region`` from ``startLine``; ``partialFingerprints.primaryLocationLineHash`` (the
  only fingerprint the upload uses); ``relatedLocations`` are shown only when the
  message links them (``[text](id)``), with ids from 0 to 2^63 - 1;
- limits: at most 20 runs per file, 25,000 results and 25,000 rules per run, 1,000
  locations per result, and 10 MB for the gzip-compressed upload.
"""

from __future__ import annotations

import copy
import gzip
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.test_cli import GAPPY, run

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
AS_OF = "2026-12-01"
LINK = re.compile(r"(?<!\\)\[((?:[^\]\\]|\\.)*)\]\((\d+)\)")
LEVELS = {"note", "warning", "error"}
PROBLEM = {"error": "error", "warning": "warning", "note": "recommendation"}
#: A task whose owner talks to nobody: findings with related people (owner, leader).
LINKED = GAPPY + "  sprog:\n    title: Sprog [vuggestue]\n    owner: bo\n"


def sarif(repo: Path, *paths: str, args: tuple[str, ...] = ()) -> tuple[int, dict[str, Any]]:
    out = repo / "out.sarif"
    code, output = run(
        "check", "--isolated", "--format", "sarif", "--fail-on", "never", "--as-of", AS_OF,
        "-o", str(out), *args, *paths, cwd=repo,
    )  # fmt: skip
    assert code == 0, output
    return code, json.loads(out.read_text(encoding="utf-8"))


def many_findings(tasks: int, errors: int = 0) -> str:
    """An org where each task has 7 findings; ``errors`` of them also a schema error."""
    lines = [
        "version: 1",
        "organisation: {id: mange, name: Mange fund}",
        "people:",
        "  anne: {name: Anne Holm, role: leader}",
        "  bo: {name: Bo Berg, role: inbetweener, reports_to: anne}",
        "tasks:",
    ]
    for i in range(tasks):
        typo = ", tittle: x" if i < errors else ""
        lines.append(f"  t{i}: {{title: Opgave {i}, owner: bo{typo}}}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "orgs").mkdir()
    (tmp_path / "orgs" / "gappy.org.yaml").write_text(LINKED, encoding="utf-8")
    (tmp_path / "orgs" / "Ålholm børnehus.org.yaml").write_text(GAPPY, encoding="utf-8")
    return tmp_path


def check_github_requirements(document: dict[str, Any]) -> None:
    """Everything GitHub documents, for any log (see the module doc)."""
    assert document["version"] == "2.1.0" and document["$schema"]
    assert 1 <= len(document["runs"]) <= 20
    for run_ in document["runs"]:
        rules = run_["tool"]["driver"]["rules"]
        assert run_["tool"]["driver"]["name"] == "coordgraph"
        assert len(rules) <= 25_000
        for rule in rules:
            assert rule["id"]
            for key in ("shortDescription", "fullDescription", "help"):
                assert rule[key]["text"].strip(), (rule["id"], key)
            level = rule["defaultConfiguration"]["level"]
            assert level in LEVELS
            props = rule["properties"]
            assert props["precision"] in {"very-high", "high", "medium", "low"}
            assert props["problem.severity"] == PROBLEM[level]
            assert props["problem"] == {"severity": PROBLEM[level]}
            assert 1 <= len(props["tags"]) <= 20 and all(isinstance(t, str) for t in props["tags"])
        bases = run_.get("originalUriBaseIds", {})
        hashes = []
        assert len(run_["results"]) <= 25_000
        for result in run_["results"]:
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
            message = result["message"]["text"]
            assert message.strip()
            assert 1 <= len(result["locations"]) <= 10
            related = result.get("relatedLocations", [])
            assert len(result["locations"]) + len(related) <= 1_000
            physical = result["locations"][0]["physicalLocation"]
            artifact = physical["artifactLocation"]
            assert not re.match(r"^[a-z][a-z0-9+.-]*:", artifact["uri"]), artifact  # relative
            assert not artifact["uri"].startswith("/")
            base = bases[artifact["uriBaseId"]]["uri"]
            assert base.startswith("file:///") and base.endswith("/")
            assert physical["region"]["startLine"] >= 1
            line_hash = result["partialFingerprints"]["primaryLocationLineHash"]
            assert isinstance(line_hash, str) and line_hash
            hashes.append(line_hash)
            ids = [item["id"] for item in related]
            assert len(set(ids)) == len(ids)
            assert all(isinstance(i, int) and 0 <= i <= 2**63 - 1 for i in ids)
            linked = [int(target) for _, target in LINK.findall(message)]
            assert sorted(linked) == sorted(ids), message  # each shown, none dangling
        assert len(set(hashes)) == len(hashes), "two results GitHub would take for one"


def test_the_cli_log_meets_github_requirements_and_the_schema(repo: Path) -> None:
    _, document = sarif(repo, "orgs")
    check_github_requirements(document)
    jsonschema.validate(document, SCHEMA)
    run_ = document["runs"][0]
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run_["results"]
    }
    assert uris == {"orgs/gappy.org.yaml", "orgs/%C3%85lholm%20b%C3%B8rnehus.org.yaml"}
    linked = [r for r in run_["results"] if r.get("relatedLocations")]
    assert linked, "the fixture must have findings with related people"


def test_related_locations_are_linked_and_brackets_are_escaped(repo: Path) -> None:
    _, document = sarif(repo, "orgs/gappy.org.yaml", args=("--lang", "en"))
    results = document["runs"][0]["results"]
    text = next(r["message"]["text"] for r in results if "Sprog" in r["message"]["text"])
    assert "Sprog \\[vuggestue\\]" in text  # the title's brackets are not a link
    linked = next(r for r in results if r.get("relatedLocations"))
    links = [f"[{item['message']['text']}]({item['id']})" for item in linked["relatedLocations"]]
    assert linked["message"]["text"].endswith(f" (see also: {', '.join(links)})")


def test_line_hash_follows_the_finding_not_its_line(repo: Path) -> None:
    _, before = sarif(repo, "orgs/gappy.org.yaml")
    org = repo / "orgs" / "gappy.org.yaml"
    org.write_text("# Revideret\n\n# af Anne\n" + LINKED, encoding="utf-8")
    _, after = sarif(repo, "orgs/gappy.org.yaml")

    def hashes(document: dict[str, Any]) -> dict[str, int]:
        return {
            r["partialFingerprints"]["primaryLocationLineHash"]: r["locations"][0][
                "physicalLocation"
            ]["region"]["startLine"]
            for r in document["runs"][0]["results"]
        }

    old, new = hashes(before), hashes(after)
    assert set(old) == set(new)
    assert all(new[h] == old[h] + 3 for h in old)  # every line moved, no hash did
    for result in after["runs"][0]["results"]:  # <fingerprint (rule, file, node)>:<n>
        prints = result["partialFingerprints"]
        digest, occurrence = prints["primaryLocationLineHash"].split(":")
        assert re.fullmatch(r"[0-9a-f]{32}", digest) and int(occurrence) >= 1
        if occurrence == "1":
            assert digest == prints["coordgraphFingerprint/v1"]


def test_30000_findings_give_a_valid_log_that_says_what_it_left_out(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "mange.org.yaml").write_text(many_findings(4300, errors=40), encoding="utf-8")
    out = tmp_path / "out.sarif"
    code, output = run("check", "--isolated", "--format", "sarif", "--fail-on", "never",
                       "--as-of", AS_OF, "-o", str(out), "mange.org.yaml",
                       cwd=tmp_path)  # fmt: skip
    assert code == 0
    assert "more than the 25000 results GitHub accepts" in output  # said on stderr too
    raw = out.read_bytes()
    document = json.loads(raw)
    check_github_requirements(document)
    run_ = document["runs"][0]
    total = run_["properties"]["findings"]
    assert total > 30_000 and len(run_["results"]) == 25_000
    assert run_["properties"]["resultsOmitted"] == total - 25_000
    (invocation,) = run_["invocations"]
    (note,) = invocation["toolExecutionNotifications"]
    assert f"{total - 25_000} were left out" in note["message"]["text"]
    # The most severe are kept: every schema error is in.
    errors = [r for r in run_["results"] if r["level"] == "error"]
    assert len(errors) == 40
    # Valid against the official schema (checked on a slice: 25,000 alike results take
    # the validator a long time and prove nothing more).
    sliced = copy.deepcopy(document)
    sliced["runs"][0]["results"] = run_["results"][:50] + run_["results"][-50:]
    jsonschema.validate(sliced, SCHEMA)
    assert len(gzip.compress(raw)) < 10 * 1024 * 1024  # GitHub's upload limit


def test_the_capped_log_is_in_danish_with_lang_da(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "mange.org.yaml").write_text(many_findings(3700), encoding="utf-8")
    code, output = run("check", "--isolated", "--format", "sarif", "--lang", "da",
                       "--fail-on", "never", "--as-of", AS_OF, "-o", "out.sarif",
                       "mange.org.yaml", cwd=tmp_path)  # fmt: skip
    assert code == 0 and "de 25000 alvorligste er med i rapporten" in output
    document = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    note = document["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]
    assert "blev udeladt" in note["message"]["text"]
