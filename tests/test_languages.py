"""Danish first: every command, run with ``--lang da``, says nothing in English, and
with ``--lang en`` nothing in Danish.

The check is a word list: words that exist in one language and not the other ("the",
"not", "findings" against "ikke", "fund", "skal"). Before counting, everything that is
rightly the same in both languages is taken out: what the organisation file itself says
(names, titles, ids), the file's keys and fixed values (``owner``, ``role: staff``), rule
codes and names, paths, options, code in backticks and YAML examples. What is left must
be in the language asked for.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from coordgraph.catalogue import load_ruleset, prose
from coordgraph.engine import Options, check_text
from coordgraph.schema import ORG
from coordgraph.terms import table
from tests.authoring_mistakes import MISTAKES
from tests.strategies import run_cli

ROOT = Path(__file__).resolve().parent.parent
KASTANJEN = ROOT / "orgs" / "kastanjen.org.yaml"
SOLSIKKEN = ROOT / "orgs" / "solsikken.org.yaml"
AS_OF = "2026-12-01"
RULESET = load_ruleset("default")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words only English has (none of them is a Danish word, or one a Danish text would use).
ENGLISH = _words(
    """
    the is are was were has had not and of with without which who whom whose this that
    these those found finding findings cannot can't does doesn't should would will an
    be its it on or but than when where what how why wrote write please no yes there
    their they them must may our your you into only every each any since until after
    before more less none line column file files task tasks people leader leaders
    missing unknown expected value key keys error errors warning warnings hidden
    recorded see also use checked drawn draw meeting page pages owner owns held about
    does agreed never always
    """
)
#: Words only Danish has.
DANISH = _words(
    """
    og ikke er af til med har fund ingen eller den det som der skal kan hvis ved fra
    på om mangler opgave opgaven opgaver mandatet filen linje linjen skriv tilføj ret
    hvor hvad hvem når uden også men efter før sig sin sit sine deres jeres vi du de
    fejl advarsel advarsler enhed enheden ansvarlig ansvarlige leder lederen møde
    mødet forslag side sider skrev gemte tjekket ugentligt månedligt dagligt
    """
)

_WORD = re.compile(r"[A-Za-zÆØÅæøåÉé']+")


def _schema_words() -> set[str]:
    """Every key and fixed value of the file format: they are the same in both languages."""
    words: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "properties" and isinstance(value, dict):
                    words.update(map(str, value))
                if key == "enum" and isinstance(value, list):
                    words.update(str(v) for v in value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(ORG.json_schema())
    return {w.lower() for w in words}


SCHEMA_WORDS = _schema_words()
RULE_NAMES = sorted((spec.name for spec in RULESET.rules.values()), key=len, reverse=True)


def _org_strings(path: Path) -> list[str]:
    """What the file says itself: every key and text in it, longest first."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                found.add(str(key))
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, str):
            found.add(node)

    walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return sorted((s for s in found if len(s) > 1), key=len, reverse=True)


ORG_STRINGS = _org_strings(KASTANJEN) + _org_strings(SOLSIKKEN)
_ORG_STRING = re.compile(
    "|".join(rf"(?<![\w-]){re.escape(value)}(?![\w-])" for value in ORG_STRINGS)
)
_RULE_NAME = re.compile("|".join(rf"(?<![\w-]){re.escape(n)}(?![\w-])" for n in RULE_NAMES))


def neutral(text: str) -> str:
    """``text`` without what is rightly the same in both languages."""
    text = re.sub(r"```.*?```", " ", text, flags=re.S)  # YAML examples
    text = re.sub(r"(?m)^(\s*)(# )?[A-Za-z_]+:( |$)", r"\1", text)  # a key as the file has it
    text = re.sub(r"-[ \t]*\n\s*", "-", text)  # a word wrapped at its hyphen
    text = " ".join(text.replace("\\n", " ").split())  # a title wrapped on a card or a page
    text = re.sub(r"`[^`]*`", " ", text)  # code
    text = _RULE_NAME.sub(" ", text)
    text = re.sub(r"\bCG\d{1,3}\b", " ", text)
    text = re.sub(r"(?:[\w.-]*/)+[\w.-]+", " ", text)  # paths, node paths, navn/name
    text = _ORG_STRING.sub(" ", text)
    text = re.sub(r"\[[^\]|]*(?:\|[^\]|]*)+\]", " ", text)  # choices: [error|warning]
    text = re.sub(r"\[(?:standard|default): [^\]]*\]", " ", text)  # a default value
    text = re.sub(r"\b[A-Z][A-Z_=]+\b", " ", text)  # metavars (FILE, COLUMN=FIELD), acronyms
    text = re.sub(r"--?[a-z][\w-]*", " ", text)  # options
    text = re.sub(r"\bcoordgraph(?: [a-z]+)?", " ", text)  # the command and its subcommands
    text = re.sub(r"\b[\w-]+\.(?:org\.yaml|org\.yml|yaml|json|pdf|svg|png|md)\b", " ", text)
    text = re.sub(r"https?://\S+", " ", text)
    return text


def foreign(text: str, lang: str) -> list[str]:
    """The words of the other language left in ``text``."""
    other = ENGLISH if lang == "da" else DANISH
    words = (w.lower() for w in _WORD.findall(neutral(text)))
    return sorted({w for w in words if w in other and w not in SCHEMA_WORDS})


def assert_in(lang: str, text: str, what: str) -> None:
    assert text.strip(), f"{what}: no output"
    assert foreign(text, lang) == [], f"{what} ({lang}): {foreign(text, lang)}"


def test_the_word_lists_catch_both_languages() -> None:
    """The check itself works: an English sentence fails Danish output and vice versa."""
    assert foreign("Bo Berg owns the task without a mandate", "da") == [
        "owns",
        "task",
        "the",
        "without",
    ]
    assert foreign("Bo Berg ejer opgaven uden mandat", "en") == ["opgaven", "uden"]
    assert foreign("`owner: bo` leader Teammøde Egern CG108 outside-own-unit", "da") == []


LANGS = ("da", "en")


def _cli(*args: str) -> tuple[int, str, str]:
    return run_cli(*args)


# -- check, in every format ------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_check_text_with_hints_and_statistics(lang: str) -> None:
    code, out, err = _cli(
        "check", "--isolated", "--as-of", AS_OF, "--lang", lang, "--statistics", str(KASTANJEN)
    )
    assert code == 1, err
    assert_in(lang, out + err, "check --statistics")
    assert ("forslag:" if lang == "da" else "hint:") in out


def _strings(node: Any, keys: set[str]) -> Iterator[str]:
    """Every string under one of ``keys`` in a JSON document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in keys and isinstance(value, str):
                yield value
            else:
                yield from _strings(value, keys)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item, keys)


HUMAN_KEYS = {
    "json": {"message", "fix", "label"},
    "sarif": {"text", "markdown", "fullName"},
    "gitlab": {"description"},
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab"])
def test_check_in_json_formats(fmt: str, lang: str) -> None:
    code, out, err = _cli(
        "check", "--isolated", "--as-of", AS_OF, "--lang", lang, "--format", fmt, str(KASTANJEN)
    )
    assert code == 1, err
    words = "\n".join(_strings(json.loads(out), HUMAN_KEYS[fmt]))
    assert_in(lang, words, f"check --format {fmt}")


@pytest.mark.parametrize("lang", LANGS)
def test_check_junit_and_github(lang: str) -> None:
    args = ("check", "--isolated", "--as-of", AS_OF, "--lang", lang, str(KASTANJEN))
    _, out, _ = _cli(*args[:-1], "--format", "junit", args[-1])
    root = ET.fromstring(out)
    texts = [f.get("message", "") + "\n" + (f.text or "") for f in root.iter("failure")]
    assert_in(lang, "\n".join(texts), "junit")
    _, out, _ = _cli(*args[:-1], "--format", "github", args[-1])
    messages = [line.split("::", 2)[2] for line in out.splitlines() if line.startswith("::")]
    summary = [line for line in out.splitlines() if line.startswith("coordgraph:")]
    assert_in(lang, "\n".join(messages + summary), "github")


@pytest.mark.parametrize("lang", LANGS)
def test_baseline_lines(lang: str, tmp_path: Path) -> None:
    org = tmp_path / "k.org.yaml"
    org.write_bytes(KASTANJEN.read_bytes())
    base = tmp_path / "baseline.json"
    common = ("check", "--isolated", "--as-of", AS_OF, "--lang", lang)
    code, out, err = _cli(*common, "--write-baseline", str(base), str(org))
    assert code == 0, err
    assert_in(lang, err, "--write-baseline")
    org.write_text(org.read_text(encoding="utf-8").replace("  mads:", "  mads2:"), "utf-8")
    code, out, err = _cli(*common, "--baseline", str(base), str(org))
    assert_in(lang, err + out, "--baseline")


@pytest.mark.parametrize("lang", LANGS)
def test_tool_errors(lang: str, tmp_path: Path) -> None:
    said = []
    for args in (
        ("check", "--lang", lang, str(tmp_path / "missing.org.yaml")),
        ("check", "--lang", lang, str(tmp_path)),
        ("check", "--lang", lang, "--as-of", "15/09/2026", str(KASTANJEN)),
        ("explain", "--lang", lang, "CG999"),
        ("render", "--lang", lang, str(KASTANJEN), "-o", str(tmp_path / "x.bmp")),
        ("report", "--lang", lang, str(KASTANJEN), "-o", str(tmp_path / "x.svg")),
        ("init", "--lang", lang, str(KASTANJEN)),
        ("render", "--lang", lang, str(tmp_path), "-o", str(tmp_path / "x.svg")),
        ("check", "--lang", lang, "--jobs", "abc", str(KASTANJEN)),
        ("check", "--lang", lang, "--jobs", "0", str(KASTANJEN)),
        ("--lang", lang, "chek", str(KASTANJEN)),
    ):
        code, out, err = _cli(*args)
        assert code == 2, (args, out, err)
        said.append(err)
    for config in (
        "rules:\n  CG2011: off\n",
        "rules:\n  CG102: {params: {required: {high: sometimes}}}\n",
        "rules:\n  CG001: off\n",
        "lang: dk\n",
        "extends: nowhere.yaml\n",
        "exclude: 3\n",
    ):
        (tmp_path / "c.yaml").write_text(config, encoding="utf-8")
        code, out, err = _cli("check", "--lang", lang, "--config", str(tmp_path / "c.yaml"), ".")
        assert code == 2, (config, out, err)
        said.append(err.replace(str(tmp_path), ""))
    (tmp_path / "b.json").write_text('{"version": 9, "entries": []}', encoding="utf-8")
    code, out, err = _cli(
        "check", "--lang", lang, "--baseline", str(tmp_path / "b.json"), str(KASTANJEN)
    )
    assert code == 2, err
    said.append(err.replace(str(tmp_path), ""))
    assert_in(lang, "\n".join(said), "errors")


@pytest.mark.parametrize("lang", LANGS)
def test_the_language_may_come_before_the_command(lang: str) -> None:
    code, out, err = _cli("--lang", lang, "check", "--as-of", AS_OF, str(KASTANJEN))
    code_after, out_after, _ = _cli("check", "--lang", lang, "--as-of", AS_OF, str(KASTANJEN))
    assert (code, out) == (code_after, out_after), err
    assert_in(lang, out, "check, --lang first")
    code, out, _ = _cli(f"--lang={lang}", "--help")
    assert code == 0
    assert_in(lang, out.replace("[OPTIONS] COMMAND [ARGS]...", ""), "--help, --lang first")


# -- rules and explain ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_rules_and_every_explanation(lang: str) -> None:
    code, out, _ = _cli("rules", "--lang", lang)
    assert code == 0
    assert_in(lang, out, "rules")
    for code_ in RULESET.rules:
        status, out, err = _cli("explain", "--lang", lang, code_)
        assert status == 0, err
        assert_in(lang, out, f"explain {code_}")


# -- every CG0 message ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_input_message_and_variant(lang: str) -> None:
    for code in ("CG001", "CG002", "CG003", "CG004", "CG005", "CG006"):
        words = prose(code)
        texts = [words.message[lang], words.summary[lang], words.hint[lang], words.fix[lang]]
        texts += [variant[lang] for variant in words.variants.values()]
        texts += [fix[lang] for fix in getattr(words, "fixes", {}).values()]
        for text in texts:
            assert_in(lang, re.sub(r"\{\w+\}", " ", text), f"{code}: {text[:60]}")


@pytest.mark.parametrize("lang", LANGS)
def test_every_mistake_of_the_corpus_in_one_language(lang: str) -> None:
    """What a user reads about each common authoring mistake: the message and its fix,
    as the check gives them for the real file."""
    options = Options.default(as_of=date(2026, 11, 26), lang=lang)
    seen = 0
    for case in MISTAKES:
        for finding in check_text(case.data, "t.org.yaml", options).findings:
            if finding.code.startswith("CG0"):
                seen += 1
                shown = f"{finding.message} {finding.fix}"
                assert_in(lang, _quoted_away(shown), f"{case.name}: {finding.message[:60]}")
    assert seen >= len(MISTAKES)


def _quoted_away(text: str) -> str:
    """A message quotes what the user wrote and what to write ('title: "…"'): those
    words are the file's, not the tool's."""
    return re.sub(r"(?<!\w)'[^']*?'(?!\w)|\"[^\"]*\"|`[^`]*`", " ", text)


def test_every_sentence_of_the_tool() -> None:
    for lang in LANGS:
        for key, text in table(lang).items():
            words = re.sub(r"\{\w+\}", " ", text)
            shown = key.startswith(("tool.", "summary.", "github.", "statistics.", "explain."))
            if shown and words.strip():  # not a bare "{reason}"
                assert_in(lang, words, key)


# -- pictures, the page and the pack ------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_render_svg_mermaid_dot_and_html(lang: str, tmp_path: Path) -> None:
    common = ("render", "--lang", lang, "--as-of", AS_OF, str(KASTANJEN))
    svg = tmp_path / "k.svg"
    code, _, err = _cli(*common, "-o", str(svg))
    assert code == 0, err
    assert_in(lang, err, "render message")
    root = ET.parse(svg).getroot()
    texts = [
        t
        for el in root.iter()
        if el.tag.endswith(("text", "title", "tspan"))
        for t in [el.text or ""]
    ]
    assert_in(lang, "\n".join(texts), "svg")
    for fmt in ("mermaid", "dot"):
        code, out, err = _cli(*common, "--format", fmt)
        assert code == 0, err
        labels = re.findall(r'"([^"]*)"', out) + re.findall(r"\[([^\]]*)\]", out)
        assert_in(lang, "\n".join(labels), fmt)
    page = tmp_path / "k.html"
    code, _, err = _cli(*common, "-o", str(page))
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    data = json.loads(
        re.search(r'<script type="application/json" id="cg-data">(.*?)</script>', html, re.S)[1]
    )
    strings = [s for s in _all_strings(data) if " " in s]
    visible = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", html, flags=re.S)
    assert_in(lang, "\n".join(strings) + "\n" + visible, "html")


def _all_strings(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for value in node.values():
            yield from _all_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _all_strings(item)
    elif isinstance(node, str):
        yield node


@pytest.mark.parametrize("lang", LANGS)
def test_the_pack_read_back(lang: str, tmp_path: Path) -> None:
    from pypdf import PdfReader

    pack = tmp_path / "moede.pdf"
    code, _, err = _cli("report", "--lang", lang, "--as-of", AS_OF, str(KASTANJEN), "-o", str(pack))
    assert code == 0, err
    assert_in(lang, err, "report message")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pack.read_bytes())).pages)
    assert_in(lang, text, "pack")


# -- init ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_init_writes_and_says_it_in_one_language(lang: str, tmp_path: Path) -> None:
    target = tmp_path / "ny.org.yaml"
    code, _, err = _cli("init", "--lang", lang, str(target))
    assert code == 0, err
    assert_in(lang, err, "init message")
    comments = [
        line.split("#", 1)[1] for line in target.read_text("utf-8").splitlines() if "#" in line
    ]
    comments = [c for c in comments if "yaml-language-server" not in c]
    assert_in(lang, "\n".join(comments), "init comments")
    assert f"language: {lang}" in target.read_text("utf-8")
    assert "coordgraph check ny.org.yaml" in target.read_text("utf-8").splitlines()[1]


# -- --help -------------------------------------------------------------------------------


def _commands() -> list[str]:
    from coordgraph.cli import cli

    return sorted(cli.commands)


def test_every_option_of_every_command_has_its_help_in_both_languages() -> None:
    import click

    from coordgraph.cli import cli

    da, en = table("da"), table("en")
    for name, command in [("coordgraph", cli), *sorted(cli.commands.items())]:
        assert f"help.{name}.about" in da and f"help.{name}.about" in en, name
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "version" and not param.hidden:
                key = f"help.{name}.{param.name}"
                assert da.get(key) and en.get(key), key


@pytest.mark.parametrize("lang", LANGS)
def test_help_of_every_command(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "da_DK.UTF-8" if lang == "da" else "en_GB.UTF-8")
    said = []
    for command in ["", *_commands()]:
        code, out, err = _cli(*([command] if command else []), "--help")
        assert code == 0, (command, err)
        said.append(out)
    assert_in(lang, "\n".join(said), "--help")
    assert ("Valgmuligheder:" if lang == "da" else "Options:") in said[1]
