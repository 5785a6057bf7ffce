"""The language server: coordgraph in the editor, over the Language Server Protocol.

``coordgraph server`` runs it over standard input and output; editors start it
themselves (``docs/editors.md``). It checks each open ``*.org.yaml`` file with the same
engine, configuration and language as ``coordgraph check``, and answers what an editor
asks: where an id is declared and used, what it is, which ids fit where the cursor is,
and how to fix a finding.

Only the ``server`` command imports this package (and pygls with it): ``coordgraph
check`` never pays for it. The parts:

- :mod:`.text` and :mod:`.ranges` — positions and edits by the protocol's rules (its
  line breaks, UTF-16 or the negotiated code units);
- :mod:`.documents` — one state per open file: its text, the last check, the last
  check that could model the organisation;
- :mod:`.context` — what the cursor is on, read from the text as typed;
- :mod:`.ids` — where each id is declared and used, how one is written;
- :mod:`.diagnostics`, :mod:`.navigation` (definition, references, rename),
  :mod:`.completion`, :mod:`.hover`, :mod:`.actions` — the features;
- :mod:`.app` — the pygls wiring: notifications, requests, debouncing.
"""

from __future__ import annotations


def serve(lang: str | None = None) -> None:
    """Run the server over standard input and output until the editor ends it."""
    from coordgraph.server.app import serve as run

    run(lang)
