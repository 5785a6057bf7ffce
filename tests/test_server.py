"""The language server, driven as an editor drives it: ``coordgraph server`` in a
subprocess, a real client over stdio (pytest-lsp), the protocol's messages.

Each example opened gets exactly the findings of ``coordgraph check`` (codes and
ranges, counted here in UTF-16); edits are followed; definition, references, rename,
completion by kind, hover and every code action are asked for, applied to the text and
checked again. Hostile files and hours of editing are survived: no crash, no growth.
Waiting is bounded by a hang guard only; nothing measures time.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.lspkit import (
    ENV,
    HANG_GUARD,
    ROOT,
    SERVER,
    apply,
    at,
    check_json,
    close,
    diagnostics,
    edits_of,
    expected_ranges,
    index,
    make_client,
    open_text,
    position,
    published,
    ranges,
    started,
    text_of,
)
from tests.test_cli import GAPPY
from tests.test_mutations import MUTATIONS

pytestmark = pytest.mark.asyncio(loop_scope="module")

EXAMPLES = sorted((ROOT / "orgs").glob("*.org.yaml"))
SOLSIKKEN = ROOT / "orgs" / "solsikken.org.yaml"
#: Solsikken says `language: da`; the tests that read the server's English words use it
#: as if it said `language: en`.
SOLSIKKEN_EN = SOLSIKKEN.read_text(encoding="utf-8").replace("language: da", "language: en")
KASTANJEN = ROOT / "orgs" / "kastanjen.org.yaml"


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER, client_factory=make_client, server_env=ENV),
    scope="module",
)
async def client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    from tests.lspkit import capabilities

    await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities()))
    yield
    await lsp_client.shutdown_session()


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository of organisation files (config discovery stops at its ``.git``)."""
    work = tmp_path_factory.mktemp("repo")
    (work / ".git").mkdir()
    return work


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def change(
    client: LanguageClient,
    uri: str,
    version: int,
    text: str,
    old: str,
    new: str,
    last: bool = False,
) -> str:
    """Replace the first (or ``last``) ``old`` in ``text`` with ``new``, as an
    incremental edit."""
    start = text.rindex(old) if last else text.index(old)
    edit = types.TextDocumentContentChangePartial(
        range=types.Range(start=position(text, start), end=position(text, start + len(old))),
        text=new,
    )
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[edit],
        )
    )
    return text[:start] + new + text[start + len(old) :]


# -- diagnostics: the findings of check ------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
async def test_each_example_gets_the_findings_of_check(
    client: LanguageClient, example: Path
) -> None:
    text = example.read_text(encoding="utf-8")
    uri = open_text(client, example, text)
    found = await diagnostics(client, uri, 1)
    expected = check_json(example)
    assert expected, "the examples have deliberate gaps"
    assert ranges(found) == expected_ranges(text, expected)
    by_code = {str(d.code): d for d in found}
    for finding in expected:
        shown = by_code[finding["code"]]
        assert shown.source == "coordgraph"
        assert (
            shown.severity
            == {
                "error": types.DiagnosticSeverity.Error,
                "warning": types.DiagnosticSeverity.Warning,
                "info": types.DiagnosticSeverity.Information,
            }[finding["severity"]]
        )
        assert shown.code_description is not None
        anchor = f"#{finding['code'].lower()}-{finding['name']}"
        assert shown.code_description.href.endswith("/docs/rules.md" + anchor)
        docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
        assert f"## {finding['code']} {finding['name']}\n" in docs  # the anchor exists
    messages = sorted(d.message for d in found)
    assert messages == sorted(f["message"] for f in expected)
    related = [d for d in found if d.related_information]
    assert len(related) == sum(1 for f in expected if f["related"])
    for diagnostic in related:
        for item in diagnostic.related_information or []:
            assert item.location.uri == uri
    close(client, uri)


async def test_ranges_count_utf16_code_units_and_protocol_lines(
    client: LanguageClient, repo: Path
) -> None:
    """An emoji is two UTF-16 units, a Danish letter one; U+2028 and NEL are no line
    breaks to the protocol. The unknown reference after them must be found exactly."""
    text = (
        "version: 1\norganisation: {id: a, name: A}\npeople:\n"
        '  anne: {name: "Anne 😀\u2028Æblegård\x85", role: leader, reports_to: hane}\n'
    )
    path = write(repo, "emoji.org.yaml", text)
    uri = open_text(client, path, text)
    found = await diagnostics(client, uri, 1)
    assert ranges(found) == expected_ranges(text, check_json(path))
    (unknown,) = [d for d in found if d.code == "CG004"]
    assert text_of(text, unknown.range) == "hane"
    assert unknown.range.start.line == 3
    # an edit after those characters lands where the editor put it
    edited = change(client, uri, 2, text, "hane}", "hanne}")
    found = await diagnostics(client, uri, 2)
    write(repo, "emoji.org.yaml", edited)
    assert ranges(found) == expected_ranges(edited, check_json(path))
    assert [text_of(edited, d.range) for d in found if d.code == "CG004"] == ["hanne"]
    close(client, uri)


async def test_a_byte_order_mark_counts_on_the_first_line(
    client: LanguageClient, repo: Path
) -> None:
    text = "\ufeffversion: 2\norganisation: {id: a, name: A}\n"
    path = write(repo, "bom.org.yaml", text)
    uri = open_text(client, path, text)
    found = await diagnostics(client, uri, 1)
    assert ranges(found) == expected_ranges(text, check_json(path))
    (version,) = [d for d in found if d.range.start.line == 0]
    assert text_of(text, version.range) in ("version", "2", "version: 2")
    close(client, uri)


async def test_a_typo_comes_and_goes_with_the_edits(client: LanguageClient) -> None:
    text = SOLSIKKEN.read_text(encoding="utf-8")
    uri = open_text(client, SOLSIKKEN, text)
    before = ranges(await diagnostics(client, uri, 1))
    typo = change(client, uri, 2, text, "owner: bo\n", "owner: boo\n")
    found = await diagnostics(client, uri, 2)
    (unknown,) = [d for d in found if d.code == "CG004"]
    assert text_of(typo, unknown.range) == "boo" and "'bo'" in unknown.message
    change(client, uri, 3, typo, "owner: boo\n", "owner: bo\n")
    assert ranges(await diagnostics(client, uri, 3)) == before
    close(client, uri)


async def test_diagnostics_wait_for_a_pause_in_typing(client: LanguageClient) -> None:
    """Twenty edits sent at once are checked together: one publication for the last
    version, not one per keystroke; saving checks at once."""
    text = SOLSIKKEN.read_text(encoding="utf-8")
    uri = open_text(client, SOLSIKKEN, text)
    await diagnostics(client, uri, 1)
    seen = len(published(client))
    for version in range(2, 22):
        text = change(client, uri, version, text, "owner: bo\n", "owner: bo\n")
    found = await diagnostics(client, uri, 21)
    after = [p for p in published(client)[seen:] if p.uri == uri]
    assert len(after) < 20 and after[-1].version == 21
    assert ranges(found) == ranges(await diagnostics(client, uri, 1))
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    seen = len(published(client))
    await diagnostics(client, uri, 21)
    close(client, uri)


async def test_files_that_are_not_organisation_files_are_left_alone(
    client: LanguageClient, repo: Path
) -> None:
    other = write(repo, "docker-compose.yaml", "services: {web: {image: x}}\n")
    other_uri = open_text(client, other, other.read_text())
    org = write(repo, "left-alone.org.yaml", GAPPY)
    uri = open_text(client, org, GAPPY)
    await diagnostics(client, uri, 1)
    assert all(p.uri != other_uri for p in published(client))
    close(client, other_uri)
    close(client, uri)


# -- definition, references, rename ------------------------------------------------------


def _whole_word(text: str, word: str) -> list[int]:
    import re

    return [m.start() for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]


async def test_definition_and_references_of_a_person(client: LanguageClient) -> None:
    text = SOLSIKKEN.read_text(encoding="utf-8")
    uri = open_text(client, SOLSIKKEN, text)
    await diagnostics(client, uri, 1)
    on_use = at(text, "owner: bo\n", offset=len("owner: "))
    where = await client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=on_use)
    )
    assert isinstance(where, types.Location)
    assert where.range.start == at(text, "\n  bo:\n", offset=3)
    assert text_of(text, where.range) == "bo"
    found = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=on_use,
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert found is not None
    assert sorted(position(text, i) for i in _whole_word(text, "bo")) == sorted(
        loc.range.start for loc in found
    )
    assert all(text_of(text, loc.range) == "bo" for loc in found)
    close(client, uri)


def _section(text: str, index: int) -> str:
    """The top-level section a character of the file stands in."""
    import re

    heads = [(m.start(), m.group(1)) for m in re.finditer(r"(?m)^([a-z_]+):", text)]
    return [name for start, name in heads if start <= index][-1]


@pytest.mark.parametrize(
    ("example", "needle", "section"),
    [
        (SOLSIKKEN, "members: [", "people"),
        (SOLSIKKEN, "announced_to: [", "forums"),
        (SOLSIKKEN, "serves: [", "organisation"),  # organisation.direction
        (SOLSIKKEN, "    part_of: ", "tasks"),
        (KASTANJEN, "unit: ", "units"),
        (KASTANJEN, "venue: ", "forums"),
    ],
    ids=["person", "forum", "direction", "task", "unit", "venue"],
)
async def test_definition_of_every_kind_of_id(
    client: LanguageClient, example: Path, needle: str, section: str
) -> None:
    text = example.read_text(encoding="utf-8")
    uri = open_text(client, example, text)
    await diagnostics(client, uri, 1)
    use = text.index(needle) + len(needle)
    ident = text[use:].split(",")[0].split("]")[0].split("}")[0].split("\n")[0].strip()
    where = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=position(text, use)
        )
    )
    assert isinstance(where, types.Location)
    assert text_of(text, where.range) == ident
    declared = index(text, where.range.start)
    assert text[declared + len(ident)] == ":"
    assert _section(text, declared) == section
    close(client, uri)


async def test_rename_an_id_across_the_file(client: LanguageClient, repo: Path) -> None:
    text = SOLSIKKEN.read_text(encoding="utf-8")
    uri = open_text(client, SOLSIKKEN, text)
    await diagnostics(client, uri, 1)
    on_use = at(text, "owner: bo\n", offset=len("owner: b"))
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=on_use
        )
    )
    assert isinstance(prepared, types.PrepareRenamePlaceholder) and prepared.placeholder == "bo"
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=on_use, new_name="bodil"
        )
    )
    renamed = apply(text, edits_of(edit, uri))
    assert _whole_word(renamed, "bo") == []
    assert len(_whole_word(renamed, "bodil")) == len(_whole_word(text, "bo"))
    # checked again: the same findings, where they were
    path = write(repo, "renamed.org.yaml", renamed)
    assert {(f["code"], f["line"]) for f in check_json(path)} == {
        (f["code"], f["line"]) for f in check_json(SOLSIKKEN)
    }
    # an id YAML 1.1 reads as false is written in quotes
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=on_use, new_name="no"
        )
    )
    assert {e.new_text for e in edits_of(edit, uri)} == {'"no"'}
    close(client, uri)


@pytest.mark.parametrize(
    ("new_name", "reason"),
    [("", "empty"), ("  ", "empty"), ("bo/ea", "'/'"), ("anne", "already in use"),
     ("icdp", "already in use"), ("two\nlines", "one line")],
)  # fmt: skip
async def test_rename_refuses_an_invalid_id(
    client: LanguageClient, new_name: str, reason: str
) -> None:
    text = SOLSIKKEN_EN
    uri = open_text(client, SOLSIKKEN, text)
    await diagnostics(client, uri, 1)
    on_use = at(text, "owner: bo\n", offset=len("owner: b"))
    with pytest.raises(JsonRpcException, match=reason):
        await client.text_document_rename_async(
            types.RenameParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=on_use,
                new_name=new_name,
            )
        )
    close(client, uri)


async def test_rename_refuses_in_a_file_that_cannot_be_read_to_its_end(
    client: LanguageClient,
) -> None:
    text = SOLSIKKEN_EN + "broken: [unclosed\n"
    uri = open_text(client, SOLSIKKEN, text)
    await diagnostics(client, uri, 1)
    with pytest.raises(JsonRpcException, match="cannot be read"):
        await client.text_document_rename_async(
            types.RenameParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=at(text, "owner: bo\n", offset=len("owner: ")),
                new_name="bodil",
            )
        )
    close(client, uri)


# -- completion ------------------------------------------------------------------------------


async def _complete(
    client: LanguageClient, uri: str, text: str, where: types.Position
) -> list[str]:
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=where)
    )
    if result is None:
        return []
    items = result.items if isinstance(result, types.CompletionList) else result
    return sorted(item.label for item in items)


def _ids(path: Path, section: str) -> list[str]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if section == "direction":
        direction = data["organisation"]["direction"]
        return sorted(i for group in direction.values() for i in group)
    return sorted(str(i) for i in data[section])


@pytest.mark.parametrize(
    ("example", "old", "new", "kinds"),
    [
        (SOLSIKKEN, "    owner: bo\n", "    owner: §\n", ("people",)),
        (SOLSIKKEN, "members: [anne, bo, mette, karim, louise]",
         "members: [anne, bo, mette, karim, louise, §]", ("people",)),
        (SOLSIKKEN, "    serves: [icdp, tryghed]", "    serves: [icdp, §]", ("direction",)),
        (KASTANJEN, "    venue: foraeldreraad", "    venue: §", ("forums",)),
        (KASTANJEN, "unit: egern, reports_to: jonas}", "unit: §, reports_to: jonas}", ("units",)),
        (KASTANJEN, "also_in: [ugler]", "also_in: [§]", ("units",)),
        (SOLSIKKEN, "    part_of: icdp-implementering", "    part_of: §", ("tasks",)),
        (SOLSIKKEN, "announced_to: [personalemoede]", "announced_to: [§", ("people", "forums")),
    ],
    ids=["owner", "members", "serves", "venue", "unit", "also_in", "part_of", "announced_to"],
)  # fmt: skip
async def test_completion_offers_the_ids_of_the_kind_the_key_names(
    client: LanguageClient, example: Path, old: str, new: str, kinds: tuple[str, ...]
) -> None:
    text = example.read_text(encoding="utf-8")
    assert old in text
    edited = text.replace(old, new, 1)
    cursor = at(edited, "§")
    edited = edited.replace("§", "", 1)
    uri = open_text(client, example, edited)
    await diagnostics(client, uri, 1)
    offered = await _complete(client, uri, edited, cursor)
    listed = new.split("[", 1)[1].split("§")[0] if "[" in new else ""
    already = {w.strip() for w in listed.split(",") if w.strip()}
    expected = {i for kind in kinds for i in _ids(example, kind)} - already
    assert offered == sorted(expected)
    close(client, uri)


async def test_completion_works_in_a_half_typed_file(client: LanguageClient) -> None:
    """An unclosed list is a syntax error (the file cannot be modelled): the ids of
    the last check that could model it are offered, people declared below included."""
    text = SOLSIKKEN.read_text(encoding="utf-8")
    uri = open_text(client, SOLSIKKEN, text)
    await diagnostics(client, uri, 1)
    tail = "    channel: Overleveringsmøde\n"
    assert text.endswith(tail)
    typed = change(client, uri, 2, text, tail, tail + "  - between: [anne, k", last=True)
    found = await diagnostics(client, uri, 2)
    assert any(d.code == "CG001" for d in found)
    cursor = at(typed, "between: [anne, k", len("between: [anne, k"))
    offered = await _complete(client, uri, typed, cursor)
    people = _ids(SOLSIKKEN, "people")
    assert offered == sorted(set(people) - {"anne"})
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=cursor)
    )
    assert isinstance(result, types.CompletionList)
    karim = next(i for i in result.items if i.label == "karim")
    assert karim.detail is not None and "Karim" in karim.detail
    assert isinstance(karim.text_edit, types.TextEdit)
    assert text_of(typed, karim.text_edit.range) == "k"
    close(client, uri)


async def test_enum_values_with_their_meaning_in_the_files_language(repo: Path) -> None:
    danish = repo / "dansk"
    write(danish, ".coordgraph.yaml", "lang: da\n")
    text = GAPPY.replace("role: leader}", "role: }")
    path = write(danish, "roller.org.yaml", text)
    async with started() as client:
        uri = open_text(client, path, text)
        await diagnostics(client, uri, 1)
        cursor = at(text, "role: }", len("role: "))
        result = await client.text_document_completion_async(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=cursor
            )
        )
        assert isinstance(result, types.CompletionList)
        assert [i.label for i in result.items] == ["leader", "inbetweener", "staff", "external"]
        leader = result.items[0]
        assert leader.detail == "leder"
        assert isinstance(leader.documentation, types.MarkupContent)
        assert "personaleansvar" in leader.documentation.value
        found = await diagnostics(client, uri, 1)
        assert any("mangler den påkrævede nøgle 'role'" in d.message for d in found)


# -- hover -------------------------------------------------------------------------------------


async def _hover(client: LanguageClient, uri: str, where: types.Position) -> str:
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=where)
    )
    assert result is not None
    assert isinstance(result.contents, types.MarkupContent)
    return result.contents.value


async def test_hover_says_who_an_id_is_what_a_key_means_and_explains_findings(
    client: LanguageClient,
) -> None:
    text = SOLSIKKEN_EN
    uri = open_text(client, SOLSIKKEN, text)
    found = await diagnostics(client, uri, 1)
    person = await _hover(client, uri, at(text, "owner: bo\n", len("owner: b")))
    assert "Bo Berg" in person and "inbetweener" in person
    assert "Owns" in person and "Tovholder" in person
    key = await _hover(client, uri, at(text, "    mandate:", 6))
    assert "What is the mandate?" in key
    role = await _hover(client, uri, at(text, "    role: ", 6))
    assert "leader" in role and "inbetweener" in role and "staff" in role
    cg205 = next(d for d in found if d.code == "CG205")
    explained = await _hover(client, uri, cg205.range.start)
    assert "CG205 expired-mandate" in explained and "## How to fix it" in explained
    task = next(d for d in found if d.code == "CG301")
    owner_text = await _hover(client, uri, task.range.start)
    assert "What is the task?" in owner_text and "CG301" in owner_text
    close(client, uri)


async def test_hover_names_a_persons_units_and_the_findings_about_them(
    client: LanguageClient, repo: Path
) -> None:
    text = KASTANJEN.read_text(encoding="utf-8")
    uri = open_text(client, KASTANJEN, text)
    await diagnostics(client, uri, 1)
    jonas = await _hover(client, uri, at(text, "leader: jonas", len("leader: j")))
    # Kastanjen says `language: da`: the editor answers in Danish, as check does
    assert "Jonas Friis" in jonas and "Enheder" in jonas and "(`egern`)" in jonas
    unit = await _hover(client, uri, at(text, "unit: egern", len("unit: e")))
    assert "Jonas Friis" in unit and "Personer" in unit
    close(client, uri)
    path = write(repo, "alone.org.yaml", GAPPY)
    uri = open_text(client, path, GAPPY)
    await diagnostics(client, uri, 1)
    anne = await _hover(client, uri, at(GAPPY, "  anne:", 2))
    assert "Findings" in anne and "CG105 isolated-person" in anne
    close(client, uri)
    undeclared = GAPPY.replace("owner: bo", "owner: hane")
    uri = open_text(client, write(repo, "alone.org.yaml", undeclared), undeclared)
    await diagnostics(client, uri, 1)
    hane = await _hover(client, uri, at(undeclared, "owner: hane", len("owner: h")))
    assert "'hane' is not declared" in hane and "CG004 unknown-reference" in hane
    close(client, uri)


# -- code actions: each applied, then checked again -----------------------------------------


async def _fix(
    client: LanguageClient,
    repo: Path,
    name: str,
    text: str,
    code: str,
    title: str,
    about: str = "",
) -> tuple[str, list[dict[str, object]]]:
    """Open ``text``, take the action titled like ``title`` on its ``code`` finding
    (the one whose message says ``about``), apply it, and check the result with
    ``coordgraph check``."""
    path = write(repo, name, text)
    uri = open_text(client, path, text)
    found = await diagnostics(client, uri, 1)
    diagnostic = next(d for d in found if d.code == code and about in d.message)
    offered = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    assert offered is not None
    titles = [a.title for a in offered]
    chosen = [a for a in offered if isinstance(a, types.CodeAction) and title in a.title]
    assert chosen, titles
    fixed = apply(text, edits_of(chosen[0].edit, uri))
    close(client, uri)
    after = write(repo, name, fixed)
    return fixed, check_json(after)


async def test_action_quotes_a_yaml_11_trap(client: LanguageClient, repo: Path) -> None:
    text = GAPPY.replace("  bo: {", "  no: {name: Nora, role: staff}\n  bo: {")
    fixed, findings = await _fix(client, repo, "trap.org.yaml", text, "CG003", "quotes")
    assert '  "no": {name: Nora' in fixed
    assert not [f for f in findings if str(f["code"]).startswith("CG0")]


async def test_action_applies_did_you_mean_for_an_id(client: LanguageClient, repo: Path) -> None:
    text = GAPPY.replace("owner: bo", "owner: boo")
    fixed, findings = await _fix(client, repo, "typo.org.yaml", text, "CG004", "'bo'")
    assert "owner: bo\n" in fixed
    assert not [f for f in findings if str(f["code"]).startswith("CG0")]


async def test_action_applies_did_you_mean_for_a_key(client: LanguageClient, repo: Path) -> None:
    text = GAPPY.replace("    title: Tovholder", "    titel: Tovholder")
    fixed, findings = await _fix(client, repo, "key.org.yaml", text, "CG003", "'title'", "titel")
    assert "    title: Tovholder" in fixed
    assert not [f for f in findings if str(f["code"]).startswith("CG0")]


async def test_action_adds_a_suppression_comment(client: LanguageClient, repo: Path) -> None:
    text = SOLSIKKEN_EN
    fixed, findings = await _fix(client, repo, "suppressed.org.yaml", text, "CG205", "Ignore CG205")
    assert "# coordgraph: ignore[CG205] write why" in fixed
    codes = [f["code"] for f in findings]
    assert "CG205" not in codes and "CG006" not in codes
    assert len(codes) == len(check_json(SOLSIKKEN)) - 1


async def test_a_second_suppression_on_a_line_joins_the_comment(
    client: LanguageClient, repo: Path
) -> None:
    once, _findings = await _fix(client, repo, "joined.org.yaml", GAPPY, "CG201", "Ignore CG201")
    twice, findings = await _fix(client, repo, "joined.org.yaml", once, "CG204", "Ignore CG204")
    assert "  # coordgraph: ignore[CG201, CG204] write why\n  icdp:\n" in twice
    codes = [f["code"] for f in findings]
    assert "CG201" not in codes and "CG204" not in codes and "CG006" not in codes


async def test_action_removes_a_suppression_that_ignores_nothing(
    client: LanguageClient, repo: Path
) -> None:
    text = GAPPY.replace("tasks:\n", "# coordgraph: ignore[CG105] nobody\ntasks:\n")
    fixed, findings = await _fix(client, repo, "stale.org.yaml", text, "CG006", "Remove")
    assert fixed == GAPPY
    assert "CG006" not in [f["code"] for f in findings]


@pytest.mark.parametrize(
    ("code", "part", "title", "filled"),
    [
        ("CG201", "mandate:", "Add a mandate", None),
        ("CG304", "follow_up:", "Add a follow-up", None),
        ("CG204", "resources:", "Add resources", ("hours_per_week:", "hours_per_week: 2")),
    ],
)
async def test_action_adds_a_missing_part_under_the_task(
    client: LanguageClient,
    repo: Path,
    code: str,
    part: str,
    title: str,
    filled: tuple[str, str] | None,
) -> None:
    fixed, findings = await _fix(client, repo, f"{code}.org.yaml", GAPPY, code, title)
    assert f"\n    {part}" in fixed
    assert not [f for f in findings if str(f["code"]).startswith("CG0")]
    if code == "CG201":
        assert "granted_by: anne" in fixed  # the accountable leader
    if code == "CG304":
        assert "with: anne" in fixed and "every: monthly" in fixed  # medium complexity
    if filled is None:
        assert code not in [f["code"] for f in findings]
    else:
        assert code in [f["code"] for f in findings]  # a skeleton declares nothing yet
        done = write(repo, f"{code}.org.yaml", fixed.replace(filled[0], filled[1], 1))
        assert code not in [f["code"] for f in check_json(done)]


async def test_action_adds_a_part_to_a_task_written_on_one_line(
    client: LanguageClient, repo: Path
) -> None:
    text = GAPPY.replace(
        "  icdp:\n    title: Tovholder på ICDP\n    owner: bo\n",
        "  icdp: {title: ICDP, owner: bo}\n",
    )
    fixed, findings = await _fix(client, repo, "flow.org.yaml", text, "CG201", "Add a mandate")
    assert "mandate: {granted_by: anne" in fixed
    assert not [f for f in findings if str(f["code"]).startswith("CG0")]
    assert "CG201" not in [f["code"] for f in findings]


async def test_action_points_a_moved_files_schema_reference_home(
    client: LanguageClient, repo: Path
) -> None:
    (repo / "org.schema.json").write_text("{}", encoding="utf-8")
    text = "# yaml-language-server: $schema=../org.schema.json\n" + GAPPY
    path = write(repo, "area/deeper/moved.org.yaml", text)
    uri = open_text(client, path, text)
    found = await diagnostics(client, uri, 1)
    (note,) = [d for d in found if d.code == "schema-reference"]
    offered = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=note.range,
            context=types.CodeActionContext(diagnostics=[note]),
        )
    )
    assert offered
    action = next(a for a in offered if isinstance(a, types.CodeAction) and "$schema" in a.title)
    fixed = apply(text, edits_of(action.edit, uri))
    assert fixed.startswith("# yaml-language-server: $schema=../../org.schema.json\n")
    close(client, uri)


# -- configuration and language -----------------------------------------------------------------


async def _saved(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """Save the file and return the diagnostics the save brings."""
    seen = len(published(client))
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    async with asyncio.timeout(HANG_GUARD):
        while not [p for p in published(client)[seen:] if p.uri == uri]:
            await asyncio.sleep(0.02)
    return list([p for p in published(client)[seen:] if p.uri == uri][-1].diagnostics)


async def test_configuration_and_suppressions_are_honoured(repo: Path) -> None:
    folder = repo / "configured"
    config = write(folder, ".coordgraph.yaml", "lang: da\nrules:\n  CG105: off\n")
    text = GAPPY.replace("  icdp:\n", "  # coordgraph: ignore[CG203] beskrivelse følger\n  icdp:\n")
    path = write(folder, "konfigureret.org.yaml", text)
    expected = check_json(path, cwd=folder)
    async with started() as client:
        uri = open_text(client, path, text)
        found = await diagnostics(client, uri, 1)
        assert ranges(found) == expected_ranges(text, expected)
        assert sorted(d.message for d in found) == sorted(f["message"] for f in expected)
        assert not [d for d in found if d.code in ("CG105", "CG203", "CG006")]
        assert any("har intet mandat" in d.message for d in found)  # Danish, as the config says
        # the configuration changes on disk: the next check reads it again
        config.write_text("lang: en\n", encoding="utf-8")
        found = await _saved(client, uri)
        assert any("without a mandate" in d.message for d in found)
        assert any(d.code == "CG105" for d in found)
        # a configuration that cannot be used is said, and the defaults are used
        config.write_text("rules:\n  CG999: off\n", encoding="utf-8")
        found = await _saved(client, uri)
        (problem,) = [d for d in found if "configuration cannot be used" in d.message]
        assert "CG999" in problem.message and problem.severity == types.DiagnosticSeverity.Error
        assert any(d.code == "CG201" for d in found)


async def test_utf8_and_utf32_positions_when_the_editor_offers_them(repo: Path) -> None:
    text = (
        "version: 1\norganisation: {id: a, name: A}\npeople:\n"
        '  anne: {name: "😀 Åse", role: leader, reports_to: hane}\n'
    )
    path = write(repo, "encodings.org.yaml", text)
    line = text.splitlines()[3]
    before = line[: line.index("hane")]
    for encoding, width in (("utf-8", len(before.encode("utf-8"))), ("utf-32", len(before))):
        async with started(encodings=[encoding]) as client:
            uri = open_text(client, path, text)
            found = await diagnostics(client, uri, 1)
            (unknown,) = [d for d in found if d.code == "CG004"]
            assert (unknown.range.start.line, unknown.range.start.character) == (3, width)


# -- robustness: hostile files, hours of editing --------------------------------------------------


def _hostile_files() -> list[tuple[str, str]]:
    from tests.test_hostile import laughs_mappings, laughs_sequences, nested

    return [
        ("laughs", laughs_sequences()),
        ("laughs-in-mappings", laughs_mappings()),
        ("deep", nested(100_000)),
        ("controls", "version: 1\norganisation: {id: a, name: \x07\x1b[31m}\n\x00\n"),
        ("tab-and-nel", "version: 1\n\torganisation:\x85 {id: a}\n"),
        ("surrogate-escape", 'version: 1\norganisation: {id: "\\ud800", name: A}\n'),
        ("empty", ""),
    ]


@pytest.mark.parametrize(("name", "text"), _hostile_files(), ids=lambda v: v if len(v) < 30 else "")
async def test_a_hostile_file_gets_diagnostics_and_the_server_lives_on(
    client: LanguageClient, repo: Path, name: str, text: str
) -> None:
    path = write(repo, f"{name}.org.yaml", text)
    uri = open_text(client, path, text)
    found = await diagnostics(client, uri, 1)
    assert ranges(found) == expected_ranges(text, check_json(path))
    assert any(str(d.code).startswith("CG0") for d in found)
    # it still answers, here and for another file
    await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=1, character=3),
        )
    )
    await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=1, character=3),
        )
    )
    close(client, uri)
    other = open_text(client, SOLSIKKEN, SOLSIKKEN.read_text(encoding="utf-8"))
    assert await diagnostics(client, other, 1)
    close(client, other)


@pytest.mark.parametrize("name", sorted(MUTATIONS))
async def test_a_mutated_example_gets_the_findings_of_check(
    client: LanguageClient, repo: Path, name: str
) -> None:
    """The robustness corpus's mutations of an example (lines dropped, swapped,
    re-indented, bytes flipped, tokens and traps inserted, other line endings and
    encodings), as an editor would show them: the same findings as ``check``."""
    data = MUTATIONS[name](SOLSIKKEN.read_bytes(), random.Random(name))
    text = data.decode("utf-8", "replace")
    path = write(repo, f"mutated-{name}.org.yaml", text)
    uri = open_text(client, path, text)
    found = await diagnostics(client, uri, 1)
    assert ranges(found) == expected_ranges(text, check_json(path))
    close(client, uri)


async def test_requests_out_of_range_or_about_unknown_files_answer_nothing(
    client: LanguageClient,
) -> None:
    text = SOLSIKKEN.read_text(encoding="utf-8")
    uri = open_text(client, SOLSIKKEN, text)
    await diagnostics(client, uri, 1)
    far = types.Position(line=10**6, character=10**6)
    document = types.TextDocumentIdentifier(uri=uri)
    unknown = types.TextDocumentIdentifier(uri=(ROOT / "nowhere.org.yaml").as_uri())
    for target in (document, unknown):
        await client.text_document_hover_async(
            types.HoverParams(text_document=target, position=far)
        )
        await client.text_document_definition_async(
            types.DefinitionParams(text_document=target, position=far)
        )
        await client.text_document_completion_async(
            types.CompletionParams(text_document=target, position=far)
        )
        await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=target,
                range=types.Range(start=far, end=far),
                context=types.CodeActionContext(diagnostics=[]),
            )
        )
    # an edit past the end is added at the end, as the protocol says
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=far, end=far), text="rogue: key\n"
                )
            ],
        )
    )
    found = await diagnostics(client, uri, 2)
    (unknown_key,) = [d for d in found if "rogue" in d.message]
    assert unknown_key.range.start.line == len(text.splitlines())
    close(client, uri)


async def test_completion_reads_a_long_unclosed_list_once(
    client: LanguageClient, repo: Path
) -> None:
    """50,000 lines of an unclosed list: following it line by line from its start again
    for each line would take hours (the hang guard would end the test); it is read
    once."""
    text = (
        "version: 1\norganisation: {id: a, name: A}\npeople:\n"
        "  anne: {name: Anne, role: leader}\n  bo: {name: Bo, role: staff}\n"
        "forums:\n  f:\n    frequency: weekly\n    members: [\n"
        + "      anne,\n" * 50_000
        + "      b"
    )
    path = write(repo, "long-list.org.yaml", text)
    uri = open_text(client, path, text)
    await diagnostics(client, uri, 1)
    assert await _complete(client, uri, text, position(text, len(text))) == ["bo"]
    close(client, uri)


async def test_one_long_line_with_a_thousand_findings(client: LanguageClient, repo: Path) -> None:
    """A file written on one line (30,000 people, 1 MB, Danish letters and an emoji
    in every name) with more than a thousand findings on it: each range is found by a
    binary search, not by walking the line again (that would take an hour)."""
    people = ", ".join(f"p{i}: {{name: Ærø 😀 {i}, role: boss}}" for i in range(30_000))
    text = f"version: 1\norganisation: {{id: a, name: A}}\npeople: {{{people}}}\n"
    path = write(repo, "one-line.org.yaml", text)
    uri = open_text(client, path, text)
    found = await diagnostics(client, uri, 1)
    assert len(found) > 1000
    assert ranges(found) == expected_ranges(text, check_json(path))
    close(client, uri)


def _rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
async def test_memory_stays_bounded_over_hours_of_editing(repo: Path) -> None:
    """Thousands of edits, checks, requests, files opened and closed: the server holds
    one state per open file and nothing per keystroke, so its memory levels off."""
    text = SOLSIKKEN.read_text(encoding="utf-8")

    async def session(client: LanguageClient, rounds: int, version: int) -> int:
        uri = open_text(client, SOLSIKKEN, text, version)
        current = text
        for n in range(rounds):
            for old, new in (("owner: bo\n", "owner: boo\n"), ("owner: boo\n", "owner: bo\n")):
                version += 1
                current = change(client, uri, version, current, old, new)
            if n % 10 == 0:
                client.text_document_did_save(
                    types.DidSaveTextDocumentParams(
                        text_document=types.TextDocumentIdentifier(uri=uri)
                    )
                )
                await diagnostics(client, uri, version)
                where = at(current, "owner: bo", len("owner: b"))
                await client.text_document_hover_async(
                    types.HoverParams(
                        text_document=types.TextDocumentIdentifier(uri=uri), position=where
                    )
                )
                await client.text_document_completion_async(
                    types.CompletionParams(
                        text_document=types.TextDocumentIdentifier(uri=uri), position=where
                    )
                )
        await diagnostics(client, uri, version)
        close(client, uri)
        for n in range(rounds // 10):  # other files come and go
            other = write(repo, f"passing-{n % 3}.org.yaml", GAPPY)
            other_uri = open_text(client, other, GAPPY)
            await diagnostics(client, other_uri, 1)
            close(client, other_uri)
        published(client).clear()
        return version

    async with started() as client:
        server = client._server  # the subprocess pytest-lsp started
        assert server is not None
        version = await session(client, 100, 1)  # warm up: caches, allocator arenas
        warm = _rss_kib(server.pid)
        version = await session(client, 1200, version + 1)
        grown = _rss_kib(server.pid) - warm
        # Under half a kilobyte per edit: keeping a record per keystroke (as pygls does
        # for a generator handler of a notification) grows by about three times that.
        assert grown < 1024, f"memory grew by {grown} KiB over 2,400 more edits"


async def test_check_never_imports_the_server(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from coordgraph.cli import main\n"
        "try:\n"
        f"    main(['check', '--isolated', {str(SOLSIKKEN)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol')"
        " or m.startswith('coordgraph.server')]\n"
        "print('LOADED', loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV)
    assert "LOADED []" in result.stdout, result.stdout + result.stderr
