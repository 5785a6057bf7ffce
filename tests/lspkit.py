"""A real editor's side of the language server, for the tests: ``coordgraph server`` in
a subprocess, driven over stdio by pytest-lsp's client (pygls and lsprotocol).

The positions are worked out here independently of the server's own code: lines split
at the protocol's line breaks only, columns counted in UTF-16 code units by encoding
the text, so a server that counted code points or split lines at U+2028 would fail.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

ROOT = Path(__file__).resolve().parent.parent
SERVER = [sys.executable, "-m", "coordgraph", "server"]
#: Seconds: only a hang ever gets near this (nothing here measures time).
HANG_GUARD = 120
#: The server's environment: English unless a configuration says otherwise.
ENV = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
ENV["LANG"] = "C.UTF-8"

_BREAK = re.compile(r"\r\n|\r|\n")


def make_client() -> LanguageClient:
    """pytest-lsp's client, keeping every diagnostics notification with its version."""
    client = LanguageClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    features.pop(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    register_lsp_features(client, features)
    published: list[types.PublishDiagnosticsParams] = []
    client.published = published  # type: ignore[attr-defined]

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def keep(params: types.PublishDiagnosticsParams) -> None:
        published.append(params)
        client.diagnostics[params.uri] = params.diagnostics

    return client


def capabilities(encodings: Sequence[str] | None = None) -> types.ClientCapabilities:
    """VS Code's capabilities (as pytest-lsp records them), with the position
    encodings offered when given."""
    caps = client_capabilities("visual-studio-code")
    if encodings is not None:
        caps.general = types.GeneralClientCapabilities(
            position_encodings=[types.PositionEncodingKind(e) for e in encodings]
        )
    return caps


@contextlib.asynccontextmanager
async def started(
    encodings: Sequence[str] | None = None,
    options: dict[str, Any] | None = None,
    env: dict[str, str] | None = None,
) -> AsyncIterator[LanguageClient]:
    """A fresh server and client, initialised; shut down afterwards."""
    client = make_client()
    await client.start_io(*SERVER, env=env or ENV)
    try:
        await client.initialize_session(
            types.InitializeParams(
                capabilities=capabilities(encodings), initialization_options=options
            )
        )
        yield client
        await client.shutdown_session()
    finally:
        server = client._server
        if server is not None and server.returncode is None:  # a test failed midway
            server.kill()
        await client.stop()


def published(client: LanguageClient) -> list[types.PublishDiagnosticsParams]:
    return client.published  # type: ignore[attr-defined, no-any-return]


async def diagnostics(
    client: LanguageClient, uri: str, version: int | None = None
) -> list[types.Diagnostic]:
    """The diagnostics published for ``uri`` (at ``version``, if given), waiting for
    them to come."""
    async with asyncio.timeout(HANG_GUARD):
        while True:
            for params in reversed(published(client)):
                if params.uri == uri and (version is None or params.version == version):
                    return list(params.diagnostics)
            await asyncio.sleep(0.02)


def open_text(client: LanguageClient, path: Path, text: str, version: int = 1) -> str:
    """Open ``text`` as the file at ``path``; what was published for an earlier opening
    of the same file is forgotten."""
    uri = path.resolve().as_uri()
    kept = [p for p in published(client) if p.uri != uri]
    published(client)[:] = kept
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="yaml", version=version, text=text
            )
        )
    )
    return uri


def close(client: LanguageClient, uri: str) -> None:
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )


# -- positions, counted here independently of the server --------------------------------


def line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _BREAK.finditer(text))]


def line_content(text: str, row: int) -> str:
    starts = line_starts(text)
    end = starts[row + 1] if row + 1 < len(starts) else len(text)
    return _BREAK.sub("", text[starts[row] : end])


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def position(text: str, index: int) -> types.Position:
    """The protocol position (UTF-16) of a character index."""
    starts = line_starts(text)
    row = max(r for r, s in enumerate(starts) if s <= index)
    return types.Position(line=row, character=utf16(text[starts[row] : index]))


def index(text: str, at: types.Position) -> int:
    """The character index of a protocol position (UTF-16)."""
    starts = line_starts(text)
    line = line_content(text, at.line)
    count = 0
    for i, char in enumerate(line):
        if count >= at.character:
            return starts[at.line] + i
        count += utf16(char)
    return starts[at.line] + len(line)


def at(text: str, needle: str, offset: int = 0, occurrence: int = 0) -> types.Position:
    """The position of ``needle`` (its ``occurrence``-th appearance) plus ``offset``."""
    found = -1
    for _ in range(occurrence + 1):
        found = text.index(needle, found + 1)
    return position(text, found + offset)


def text_of(text: str, span: types.Range) -> str:
    return text[index(text, span.start) : index(text, span.end)]


def edits_of(edit: types.WorkspaceEdit | None, uri: str) -> list[types.TextEdit]:
    assert edit is not None
    if edit.document_changes:
        result: list[types.TextEdit] = []
        for change in edit.document_changes:
            assert isinstance(change, types.TextDocumentEdit)
            assert change.text_document.uri == uri
            result += [e for e in change.edits if isinstance(e, types.TextEdit)]
        return result
    assert edit.changes is not None
    return list(edit.changes.get(uri, []))


def apply(text: str, edits: Sequence[types.TextEdit]) -> str:
    """``text`` with the edits applied, as an editor would (last first)."""
    spans = sorted(
        ((index(text, e.range.start), index(text, e.range.end), e.new_text) for e in edits),
        reverse=True,
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def check_json(path: Path, cwd: Path | None = None) -> list[dict[str, Any]]:
    """``coordgraph check --format json`` on a file, in a subprocess: its findings."""
    process = subprocess.run(
        [sys.executable, "-m", "coordgraph", "check", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=cwd or ROOT,
        timeout=HANG_GUARD,
    )
    assert process.returncode in (0, 1), process.stderr
    findings: list[dict[str, Any]] = json.loads(process.stdout)["findings"]
    return findings


def expected_ranges(
    text: str, findings: list[dict[str, Any]]
) -> list[tuple[str, int, int, int, int]]:
    """``check``'s findings as protocol ranges: 0-based lines, UTF-16 columns. ``check``
    reads past a leading byte order mark; an editor that keeps it in the text counts
    it on the first line."""
    result = []
    bom = 1 if text.startswith("\ufeff") else 0
    read = text[bom:]
    starts = line_starts(read)

    def before(row: int, column: int) -> int:  # UTF-16 units before a 1-based column
        piece = read[starts[row] : starts[row] + column - 1]
        cut = _BREAK.search(piece)
        return utf16(piece[: cut.start()] if cut is not None else piece)

    for f in findings:
        start_line, end_line = f["line"] - 1, f["end_line"] - 1
        start = before(start_line, f["column"])
        end = before(end_line, f["end_column"])
        start += bom if start_line == 0 else 0
        end += bom if end_line == 0 else 0
        result.append((f["code"], start_line, start, end_line, end))
    return sorted(result)


def ranges(found: Sequence[types.Diagnostic]) -> list[tuple[str, int, int, int, int]]:
    return sorted(
        (
            str(d.code),
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
        )
        for d in found
        if str(d.code).startswith("CG")
    )
