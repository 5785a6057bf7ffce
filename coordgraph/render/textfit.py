"""Text measurement without matplotlib: advance widths of DejaVu Sans.

The layout must size cards before anything is drawn, and it must stay importable without
matplotlib (``coordgraph check`` never imports it). The widths below were measured from the
DejaVu Sans fonts that ship with matplotlib (1/1000 em); characters not in the table count
as a full em, which over-estimates rather than lets text spill over a card's edge.
"""

from __future__ import annotations

import re

_CHARS = (
    " abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLM"
    "NOPQRSTUVWXYZ0123456789!\"#$%&'()*+,-./:;"
    "<=>?@[\\]^_`{|}~æøåÆØÅéèêëüöäÜÖÄáíóúñçßÉ–"
    "—…·’‘“”«»§½°✓○•→×"
)
_REGULAR = tuple(
    map(
        int,
        """
    318 613 635 532 635 567 352 635 634 278 278 579 278 974 634 550 635 635 384 521 392 634
    592 818 592 592 525 684 686 698 770 632 575 775 752 295 295 656 557 863 748 787 603 787
    695 635 611 732 684 989 685 611 685 636 636 636 636 636 636 636 636 636 636 401 460 838
    636 950 780 275 390 390 500 838 318 361 318 337 337 337 838 838 838 531 1000 390 337 390
    838 500 500 636 337 636 838 982 612 613 974 787 684 567 567 567 567 634 550 613 732 787
    684 613 278 550 634 634 532 630 632 500 1000 1000 318 318 318 518 518 612 612 500 969
    500 838 872 590 838 838
""".split(),  # noqa: SIM905 - a table, not a list of words
    )
)
_BOLD = tuple(
    map(
        int,
        """
    348 675 716 593 716 678 435 716 712 343 343 665 343 1042 712 687 716 716 493 595 478 712
    652 924 645 652 582 774 762 734 830 683 683 821 837 372 372 775 637 995 837 850 733 850
    770 720 682 812 774 1103 771 724 725 696 696 696 696 696 696 696 696 696 696 456 521 838
    696 1002 872 306 457 457 523 838 380 415 380 365 400 400 838 838 838 580 1000 457 365
    457 838 500 500 712 365 712 838 1048 687 675 1085 850 774 678 678 678 678 712 687 675
    812 850 774 675 343 687 712 712 593 719 683 500 1000 1000 380 380 380 657 657 646 646
    500 1035 500 838 872 639 838 838
""".split(),  # noqa: SIM905
    )
)

_WIDTHS = dict(zip(_CHARS, _REGULAR, strict=True))
_WIDTHS_BOLD = dict(zip(_CHARS, _BOLD, strict=True))
#: Safety factor for kerning and hinting differences between renderers.
_SLACK = 1.05
ELLIPSIS = "…"
_SPACE = re.compile(r"\s+")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def clean(text: object) -> str:
    """One line of printable text: whitespace runs (newlines included) become one space,
    and control characters, lone surrogates and non-characters are dropped (XML, and so
    SVG, cannot hold them; no font can draw them)."""
    line = _SPACE.sub(" ", str(text)).strip()
    if _UNPRINTABLE.search(line):
        line = _UNPRINTABLE.sub("", line)
    return line


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width in inches of ``text`` at ``size`` points."""
    table = _WIDTHS_BOLD if bold else _WIDTHS
    units = sum(table.get(ch, 1000) for ch in text)
    return units * _SLACK * size / 1000.0 / 72.0


def truncate(text: str, width: float, size: float, bold: bool = False) -> str:
    """``text`` shortened with an ellipsis so that it fits ``width`` inches."""
    text = clean(text)
    if text_width(text, size, bold) <= width:
        return text
    table = _WIDTHS_BOLD if bold else _WIDTHS
    budget = width * 1000.0 * 72.0 / (size * _SLACK) - table[ELLIPSIS]
    used = 0.0
    for i, ch in enumerate(text):
        used += table.get(ch, 1000)
        if used > budget:
            return text[:i].rstrip() + ELLIPSIS
    return text  # pragma: no cover - the width check above returned already


def wrap(text: str, width: float, size: float, bold: bool = False, max_lines: int = 0) -> list[str]:
    """Greedy word wrap to ``width`` inches; with ``max_lines`` the last line is truncated.

    A word longer than a whole line is cut with an ellipsis rather than overflowing.
    """
    words = clean(text).split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = (
            word if text_width(word, size, bold) <= width else truncate(word, width, size, bold)
        )
    if current or not lines:
        lines.append(current)
    if max_lines and len(lines) > max_lines:
        kept = lines[: max_lines - 1]
        rest = " ".join(lines[max_lines - 1 :])
        lines = [*kept, truncate(rest, width, size, bold)]
    return lines
