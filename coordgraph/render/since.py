"""The meeting pack's first page with ``coordgraph report --since REV``: "Siden sidst /
Since last time".

What the leadership team asks first at a meeting: which findings were dealt with since
last time, which are new, how the metrics moved, and who and what came and went. The
page is text only, set by the pack's own rules (nothing below 9 pt, text that does not
fit continues on the next page, lists capped with a count of the rest).
"""

from __future__ import annotations

from collections.abc import Sequence

from coordgraph.diff import SECTIONS, Diff, change_line, counts_line, metric_lines, words
from coordgraph.findings import Finding
from coordgraph.render import texts
from coordgraph.render.report import MAX_LISTED, Block, Page, _text_pages, finding_title, word

#: Changes listed per section before the rest are counted.
MAX_CHANGES = 12


def _findings(title: str, found: Sequence[Finding], lang: str, hints: bool) -> list[Block]:
    blocks = [Block(title, scale=1.2, bold=True, before=0.15)]
    if not found:
        blocks.append(Block(words("none", lang), indent=0.1, before=0.04))
    for finding in found[:MAX_LISTED]:
        blocks.append(Block(finding_title(finding, lang), bold=True, indent=0.1, before=0.06))
        blocks.append(Block(finding.message, indent=0.25, scale=0.9))
        hint = texts.finding_hint(finding.code, lang) if hints else ""
        if hint:
            blocks.append(
                Block(word("fix", lang, fix=hint), indent=0.25, scale=0.9, colour="#333333")
            )
    if len(found) > MAX_LISTED:
        blocks.append(Block(words("more", lang, n=len(found) - MAX_LISTED), indent=0.1))
    return blocks


def since_pages(diff: Diff, title: str) -> list[Page]:
    """The "Since last time" page(s): findings resolved and new first, then the metrics,
    then the changes to people, units, forums, tasks, mandates, links and direction."""
    lang = diff.lang
    blocks: list[Block] = []
    for which, why in diff.unreadable:
        blocks.append(Block(words("unreadable", lang, which=words(which, lang), detail=why)))
    blocks += _findings(words("resolved", lang, n=len(diff.resolved)), diff.resolved, lang, False)
    blocks += _findings(words("new_findings", lang, n=len(diff.new)), diff.new, lang, True)
    lines = metric_lines(diff)
    if lines:
        blocks.append(Block(words("metrics", lang), scale=1.2, bold=True, before=0.2))
        blocks += [Block(line, indent=0.1, before=0.03) for line in lines]
    if not diff.changes and not diff.unreadable:
        blocks.append(Block(words("no_changes", lang), before=0.2))
    for section in SECTIONS:
        entries = diff.of(section)
        if not entries:
            continue
        heading = f"{words('section.' + section, lang)}: {counts_line(diff, section)}"
        blocks.append(Block(heading, scale=1.1, bold=True, before=0.15))
        for change in entries[:MAX_CHANGES]:
            blocks.append(Block(change_line(change), indent=0.1, scale=0.9, before=0.03))
        if len(entries) > MAX_CHANGES:
            rest = len(entries) - MAX_CHANGES
            blocks.append(Block(words("more", lang, n=rest), indent=0.1, scale=0.9))
    subtitle = f"{title} · {diff.old_label} → {diff.new_label}"
    return _text_pages("since", words("title", lang), subtitle, blocks, lang)
