"""The pygls wiring: the protocol's notifications and requests, to the server's parts.

Each open ``*.org.yaml`` file has one :class:`~.documents.Document`. Its text is kept
here, not by pygls, and edits are applied by the protocol's own line rules
(:mod:`.text`): pygls splits lines wherever Python does (at U+2028, form feeds…),
which would misplace edits in exactly the files the robustness corpus is made of.
Diagnostics follow a change after a short pause (a check per keystroke is affordable,
a flicker of diagnostics per keystroke is not) and at once on open and save; a
request about positions (definition, rename…) checks the current text first, so
answers always fit the text the editor shows.

Nothing here may crash the server: each handler answers "nothing" (and logs why) when
something unexpected happens, so one bad file never costs the editor its server.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method
from pygls.uris import to_fs_path

from coordgraph import __version__
from coordgraph.server import actions, completion, diagnostics, hover, navigation
from coordgraph.server.documents import Document, Settings, is_org_file
from coordgraph.server.ranges import index_at
from coordgraph.server.text import UTF8, UTF16, UTF32, Lines, apply_change
from coordgraph.terms import term

#: Seconds of quiet after an edit before the file is checked and diagnostics sent.
DEBOUNCE = 0.3
#: JSON-RPC's "request failed": a request understood but refused (a rename to a taken
#: id), with the reason for the user.
REQUEST_FAILED = -32803

logger = logging.getLogger("coordgraph.server")
T = TypeVar("T")


class Refused(JsonRpcException):
    """A request refused with a reason the editor shows."""

    CODE = REQUEST_FAILED


class CoordgraphServer(LanguageServer):
    """The language server: settings from the editor, and the open files."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(
            "coordgraph",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=TextProtocol,
        )
        self.settings = settings
        self.documents: dict[str, Document] = {}
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.versioned_edits = False

    @property
    def encoding(self) -> str:
        """The position encoding agreed at start-up (UTF-16 unless the editor offered
        UTF-8 or UTF-32)."""
        try:
            chosen = str(self.workspace.position_encoding or UTF16)
        except RuntimeError:  # not initialised
            return UTF16
        return chosen if chosen in (UTF8, UTF16, UTF32) else UTF16

    # -- the open files --------------------------------------------------------------

    def opened(self, item: types.TextDocumentItem) -> None:
        path = _path(item.uri)
        if path is None or not is_org_file(str(path)):
            return  # not an organisation file: nothing of ours to say about it
        self.documents[item.uri] = Document(item.uri, path, item.text, item.version)
        self.publish(item.uri)

    def changed(self, params: types.DidChangeTextDocumentParams) -> None:
        document = self.documents.get(params.text_document.uri)
        if document is None:
            return
        text = document.text
        encoding = self.encoding
        for change in params.content_changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                lines = document.lines if text is document.text else Lines(text)
                start = (change.range.start.line, change.range.start.character)
                end = (change.range.end.line, change.range.end.character)
                text = apply_change(lines, start, end, change.text, encoding)
            else:
                text = change.text
        document.change(text, params.text_document.version)
        self.later(document.uri)

    def closed(self, uri: str) -> None:
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        if self.documents.pop(uri, None) is not None:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )

    def later(self, uri: str) -> None:
        """Check and publish once the editing has paused."""
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop (called outside the server): at once
            self.publish(uri)
            return
        self.timers[uri] = loop.call_later(DEBOUNCE, self.publish, uri)

    def publish(self, uri: str) -> None:
        """Check the file's current text and send its diagnostics."""
        self.timers.pop(uri, None)
        document = self.documents.get(uri)
        if document is None:
            return
        try:
            check = document.checked(self.settings)
            found = diagnostics.diagnostics(document, check, self.encoding, self.settings.rules_url)
            version = check.version
        except Exception as exc:  # never lose the server over one file
            _log_failure(self, "check", exc)
            found = [_internal_error(exc, document.lang)]
            version = document.version
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=version)
        )


class TextProtocol(LanguageServerProtocol):
    """pygls's protocol, except that the open files' text is the server's to keep.

    The methods below take the place of pygls's own handlers of the same names. They
    are plain functions: pygls keeps a record of each generator or coroutine handler
    of a notification and never drops it, which would grow with every keystroke.
    """

    @property
    def coordgraph(self) -> CoordgraphServer:
        return cast(CoordgraphServer, self._server)

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams) -> None:
        _guarded(self.coordgraph, "open", lambda: self.coordgraph.opened(params.text_document))

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        _guarded(self.coordgraph, "change", lambda: self.coordgraph.changed(params))

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        _guarded(self.coordgraph, "close", lambda: self.coordgraph.closed(uri))


def _path(uri: str) -> Path | None:
    try:
        found = to_fs_path(uri)
    except Exception:
        return None
    return Path(found) if found else None


def _log_failure(server: LanguageServer, what: str, exc: BaseException) -> None:
    detail = "".join(traceback.format_exception(exc)).rstrip()
    logger.error("coordgraph server: %s failed: %s", what, detail)
    with contextlib.suppress(Exception):  # the connection itself may be gone
        server.window_log_message(
            types.LogMessageParams(type=types.MessageType.Error, message=f"{what}: {detail}")
        )


def _internal_error(exc: BaseException, lang: str) -> types.Diagnostic:
    message = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    return types.Diagnostic(
        range=types.Range(
            start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)
        ),
        severity=types.DiagnosticSeverity.Error,
        source=diagnostics.SOURCE,
        message=term("server.internal_error", lang).format(problem=message),
    )


def _guarded(server: LanguageServer, what: str, work: Callable[[], T], default: Any = None) -> Any:
    """``work()``, or ``default`` (logged) if it fails in a way nobody foresaw; a
    refusal meant for the user goes through."""
    try:
        return work()
    except navigation.RenameRefused as refused:
        raise Refused(str(refused)) from None
    except JsonRpcException:
        raise
    except Exception as exc:
        _log_failure(server, what, exc)
        return default


def make_server(settings: Settings | None = None) -> CoordgraphServer:
    """A server with every feature registered (not yet started)."""
    server = CoordgraphServer(settings or Settings())

    def current(uri: str) -> Document | None:
        return server.documents.get(uri)

    def guarded(
        what: str, default: Any = None
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def wrap(handler: Callable[..., Any]) -> Callable[..., Any]:
            @functools.wraps(handler)
            def run(ls: CoordgraphServer, params: Any) -> Any:
                return _guarded(ls, what, lambda: handler(ls, params), default)

            return run

        return wrap

    @server.feature(types.INITIALIZE)
    @guarded("initialize")
    def initialize(ls: CoordgraphServer, params: types.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict):
            lang = options.get("lang")
            if lang in ("da", "en") and ls.settings.lang is None:
                ls.settings.lang = lang
            url = options.get("rulesUrl")
            if isinstance(url, str) and url:
                ls.settings.rules_url = url
        workspace = params.capabilities.workspace
        edits = workspace.workspace_edit if workspace is not None else None
        ls.versioned_edits = bool(edits is not None and edits.document_changes)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @guarded("save")
    def saved(ls: CoordgraphServer, params: types.DidSaveTextDocumentParams) -> None:
        document = ls.documents.get(params.text_document.uri)
        if document is not None:
            document.forget()  # saving checks again: the configuration may have changed
            ls.publish(document.uri)

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    @guarded("definition")
    def definition(ls: CoordgraphServer, params: types.DefinitionParams) -> Any:
        document = current(params.text_document.uri)
        if document is None:
            return None
        check = document.checked(ls.settings)
        index = index_at(check.lines, params.position, ls.encoding)
        return navigation.definition(document, check, index, ls.encoding)

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    @guarded("references")
    def references(ls: CoordgraphServer, params: types.ReferenceParams) -> Any:
        document = current(params.text_document.uri)
        if document is None:
            return None
        check = document.checked(ls.settings)
        index = index_at(check.lines, params.position, ls.encoding)
        include = params.context.include_declaration
        return navigation.references(document, check, index, include, ls.encoding)

    @server.feature(
        types.TEXT_DOCUMENT_PREPARE_RENAME,
    )
    @guarded("prepare rename")
    def prepare_rename(ls: CoordgraphServer, params: types.PrepareRenameParams) -> Any:
        document = current(params.text_document.uri)
        if document is None:
            return None
        check = document.checked(ls.settings)
        index = index_at(check.lines, params.position, ls.encoding)
        return navigation.prepare_rename(check, index, ls.encoding)

    @server.feature(types.TEXT_DOCUMENT_RENAME)
    @guarded("rename")
    def rename(ls: CoordgraphServer, params: types.RenameParams) -> Any:
        document = current(params.text_document.uri)
        if document is None:
            return None
        check = document.checked(ls.settings)
        index = index_at(check.lines, params.position, ls.encoding)
        return navigation.rename(
            document, check, index, params.new_name, ls.encoding, ls.versioned_edits
        )

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=completion.TRIGGERS),
    )
    @guarded("completion")
    def complete(ls: CoordgraphServer, params: types.CompletionParams) -> Any:
        document = current(params.text_document.uri)
        if document is None:
            return None
        if document.check is None:
            document.checked(ls.settings)
        index = index_at(document.lines, params.position, ls.encoding)
        return completion.completion(document, index, ls.encoding)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @guarded("hover")
    def hovered(ls: CoordgraphServer, params: types.HoverParams) -> Any:
        document = current(params.text_document.uri)
        if document is None:
            return None
        check = document.checked(ls.settings)
        index = index_at(check.lines, params.position, ls.encoding)
        return hover.hover(check, document.modelled, index, ls.encoding)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    @guarded("code action", default=[])
    def code_action(ls: CoordgraphServer, params: types.CodeActionParams) -> Any:
        document = current(params.text_document.uri)
        if document is None:
            return None
        check = document.checked(ls.settings)
        start = index_at(check.lines, params.range.start, ls.encoding)
        end = index_at(check.lines, params.range.end, ls.encoding)
        return actions.code_actions(
            document,
            check,
            start,
            end,
            ls.encoding,
            ls.settings.rules_url,
            ls.versioned_edits,
        )

    return server


def serve(lang: str | None = None) -> None:
    """Run the server over standard input and output.

    The command line switches the cyclic garbage collector off for its short runs; a
    server runs for hours, so it is switched back on here.
    """
    gc.enable()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    make_server(Settings(lang=lang)).start_io()
