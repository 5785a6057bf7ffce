"""Common authoring mistakes: what a pedagogical leader writing an organisation file by
hand gets wrong, and what coordgraph must say about it.

Each case is the broken file, the line where the mistake was *made* (not where the
parser noticed it), the code of the finding, and for each language the words its
message must hold: the problem named, and the text to write instead. Used by
``tests/test_authoring_mistakes.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

HEADER = "version: 1\norganisation: {id: solsikken, name: Børnehuset Solsikken}\n"
#: line 3 and 4: two people; a case's own lines begin at line 5
PEOPLE = "people:\n  anne: {name: Anne Holm, role: leader}\n"
TASK = "tasks:\n  icdp:\n    title: Tovholder på ICDP\n    owner: anne\n"  # lines 5-8
FORUM = "forums:\n  pm:\n    members: [anne]\n"  # lines 5-7


@dataclass(frozen=True)
class Mistake:
    name: str
    data: str | bytes  # the whole file
    line: int  # where the mistake was made
    code: str
    da: tuple[str, ...]  # words the Danish message holds: the problem, the fix
    en: tuple[str, ...]


def org(body: str) -> str:
    return HEADER + PEOPLE + body


MISTAKES: list[Mistake] = [
    # -- tabs -------------------------------------------------------------------------
    Mistake(
        "tab-indents-a-key",
        org("  bo:\n\tname: Bo Berg\n    role: staff\n"),
        6,
        "CG001",
        ("tabulatortegn", "4 mellemrum", "name: Bo Berg"),
        ("tab", "4 spaces", "name: Bo Berg"),
    ),
    Mistake(
        "tab-indents-a-list-item",
        HEADER + PEOPLE + FORUM + "    frequency: monthly\n  lm:\n    members:\n\t- anne\n",
        11,
        "CG001",
        ("tabulatortegn", "6 mellemrum", "- anne"),
        ("tab", "6 spaces", "- anne"),
    ),
    # -- a comma, a colon or a sign in an unquoted value -------------------------------
    Mistake(
        "comma-in-a-title-inside-braces",
        org("  bo: {name: Bo Berg, role: staff, title: Pædagog (ny, startet sidste måned)}\n"),
        5,
        "CG003",
        ("Kommaet", "'Pædagog (ny'", 'title: "Pædagog (ny, startet sidste måned)"'),
        ("comma", "'Pædagog (ny'", 'title: "Pædagog (ny, startet sidste måned)"'),
    ),
    Mistake(
        "comma-in-a-name-inside-braces",
        org("  bo: {name: Berg, Bo, role: staff}\n"),
        5,
        "CG003",
        ("Kommaet", 'name: "Berg, Bo"'),
        ("comma", 'name: "Berg, Bo"'),
    ),
    Mistake(
        "colon-in-a-title",
        org(TASK.replace("Tovholder på ICDP", "ICDP: tovholder for huset")),
        7,
        "CG001",
        ("indeholder ': '", 'title: "ICDP: tovholder for huset"'),
        ("holds ': '", 'title: "ICDP: tovholder for huset"'),
    ),
    Mistake(
        "colon-in-a-title-inside-braces",
        org("  bo: {name: Bo Berg, title: Pædagog: vikar, role: staff}\n"),
        5,
        "CG001",
        ("indeholder ': '", 'title: "Pædagog: vikar"'),
        ("holds ': '", 'title: "Pædagog: vikar"'),
    ),
    Mistake(
        "colon-in-an-item-of-a-list-of-text",
        org(TASK + "    mandate:\n      decides:\n        - Budget: op til 5.000 kr\n"),
        11,
        "CG003",
        ("skal være tekst", '- "Budget: op til 5.000 kr"'),
        ("must be text", '- "Budget: op til 5.000 kr"'),
    ),
    Mistake(
        "value-begins-with-at",
        org("  bo:\n    name: @bo\n    role: staff\n"),
        6,
        "CG001",
        ("begynder med '@'", 'name: "@bo"'),
        ("begins with '@'", 'name: "@bo"'),
    ),
    Mistake(
        "value-begins-with-backtick",
        org("  bo:\n    name: `Bo`\n    role: staff\n"),
        6,
        "CG001",
        ("begynder med '`'", 'name: "`Bo`"'),
        ("begins with '`'", 'name: "`Bo`"'),
    ),
    Mistake(
        "value-begins-with-percent",
        org("  bo:\n    name: Bo Berg\n    title: %-stilling i Egern\n    role: staff\n"),
        7,
        "CG001",
        ("begynder med '%'", 'title: "%-stilling i Egern"'),
        ("begins with '%'", 'title: "%-stilling i Egern"'),
    ),
    Mistake(
        "value-begins-with-star",
        org("  bo:\n    name: Bo Berg\n    title: *Vikar\n    role: staff\n"),
        7,
        "CG001",
        ("begynder med '*'", 'title: "*Vikar"'),
        ("begins with '*'", 'title: "*Vikar"'),
    ),
    Mistake(
        "value-begins-with-ampersand-and-a-space",
        org("  bo:\n    name: Bo Berg\n    title: & co\n    role: staff\n"),
        7,
        "CG001",
        ("begynder med '&'", 'title: "& co"'),
        ("begins with '&'", 'title: "& co"'),
    ),
    Mistake(
        "value-begins-with-ampersand-and-a-word",
        org("  bo:\n    name: Bo Berg\n    title: &Co pædagog\n    role: staff\n"),
        7,
        "CG003",
        ("begynder med '&'", 'title: "&Co pædagog"'),
        ("begins with '&'", 'title: "&Co pædagog"'),
    ),
    Mistake(
        "value-begins-with-exclamation-mark",
        org("  bo:\n    name: Bo Berg\n    title: !Vigtigt pædagog\n    role: staff\n"),
        7,
        "CG003",
        ("begynder med '!'", 'title: "!Vigtigt pædagog"'),
        ("begins with '!'", 'title: "!Vigtigt pædagog"'),
    ),
    Mistake(
        "value-begins-with-a-bar",
        org("  bo:\n    name: Bo Berg\n    title: | pædagog |\n    role: staff\n"),
        7,
        "CG001",
        ("begynder med '|'", 'title: "| pædagog |"'),
        ("begins with '|'", 'title: "| pædagog |"'),
    ),
    Mistake(
        "value-begins-with-greater-than",
        org("  bo:\n    name: Bo Berg\n    title: > 5 års erfaring\n    role: staff\n"),
        7,
        "CG001",
        ("begynder med '>'", 'title: "> 5 års erfaring"'),
        ("begins with '>'", 'title: "> 5 års erfaring"'),
    ),
    Mistake(
        "value-begins-with-a-bracket",
        org("  bo:\n    name: Bo Berg\n    title: [vikar] pædagog\n    role: staff\n"),
        7,
        "CG001",
        ("begynder med '['", 'title: "[vikar] pædagog"'),
        ("begins with '['", 'title: "[vikar] pædagog"'),
    ),
    Mistake(
        "value-begins-with-a-dash-and-a-space",
        org("  bo:\n    name: Bo Berg\n    title: - vikar\n    role: staff\n"),
        7,
        "CG001",
        ("begynder med '-'", 'title: "- vikar"'),
        ("begins with '-'", 'title: "- vikar"'),
    ),
    Mistake(
        "value-begins-with-a-brace",
        org("  bo:\n    name: Bo Berg\n    title: {vikar} pædagog\n    role: staff\n"),
        7,
        "CG001",
        ("begynder med '{'", 'title: "{vikar} pædagog"'),
        ("begins with '{'", 'title: "{vikar} pædagog"'),
    ),
    Mistake(
        "brace-in-a-value-inside-braces",
        org("  bo: {name: Bo Berg, title: Pædagog {vikar}, role: staff}\n"),
        5,
        "CG001",
        ("'{'", 'title: "Pædagog {vikar}"'),
        ("'{'", 'title: "Pædagog {vikar}"'),
    ),
    Mistake(
        "bracket-in-a-value-inside-braces",
        org("  bo: {name: Bo Berg, title: Pædagog [vikar], role: staff}\n"),
        5,
        "CG001",
        ("'['", "{ }", 'title: "Pædagog [vikar]"'),
        ("'['", "{ }", 'title: "Pædagog [vikar]"'),
    ),
    Mistake(
        "hash-after-a-space-cuts-a-title",
        org("  bo:\n    name: Bo Berg\n    title: Pædagog #1\n    role: staff\n"),
        7,
        "CG003",
        ("kommentar", "'Pædagog'", 'title: "Pædagog #1"'),
        ("comment", "'Pædagog'", 'title: "Pædagog #1"'),
    ),
    Mistake(
        "hash-after-a-space-inside-braces",
        org("  bo: {name: Bo Berg, title: Stue #3, role: staff}\n"),
        5,
        "CG001",
        ("kommentar", 'title: "Stue #3"'),
        ("comment", 'title: "Stue #3"'),
    ),
    Mistake(
        "backslash-in-double-quotes",
        org(TASK + '    resources: {note: "Mappen P:\\Ledelse\\ICDP"}\n'),
        9,
        "CG001",
        ("enkelte anførselstegn", "note: 'Mappen P:\\Ledelse\\ICDP'"),
        ("single quotes", "note: 'Mappen P:\\Ledelse\\ICDP'"),
    ),
    # -- indentation ------------------------------------------------------------------
    Mistake(
        "a-key-one-space-further-than-its-siblings",
        org("  bo:\n    name: Bo Berg\n     role: staff\n"),
        7,
        "CG001",
        ("kolonne 6", "4 mellemrum", "role: staff"),
        ("column 6", "4 spaces", "role: staff"),
    ),
    Mistake(
        "a-key-one-space-less-than-its-siblings",
        org("  bo:\n    name: Bo Berg\n   role: staff\n    title: Pædagog\n"),
        7,
        "CG001",
        ("kolonne 4", "4 mellemrum", "role: staff"),
        ("column 4", "4 spaces", "role: staff"),
    ),
    Mistake(
        "a-section-one-space-in",
        org(" forums: {}\n"),
        5,
        "CG001",
        ("kolonne 2", "uden mellemrum", "forums: {}"),
        ("column 2", "without spaces", "forums: {}"),
    ),
    Mistake(
        "the-first-key-under-an-entry-too-far-in",
        org("  bo:\n       name: Bo Berg\n    role: staff\n"),
        6,
        "CG001",
        ("kolonne 8", "4 mellemrum", "name: Bo Berg"),
        ("column 8", "4 spaces", "name: Bo Berg"),
    ),
    Mistake(
        "keys-of-a-person-not-indented",
        org("  bo:\n  name: Bo Berg\n  role: staff\n"),
        6,
        "CG003",
        ("hører under 'bo'", "4 mellemrum", "name: Bo Berg"),
        ("belongs under 'bo'", "4 spaces", "name: Bo Berg"),
    ),
    Mistake(
        "a-person-written-as-a-name",
        org("  bo: Bo Berg\n"),
        5,
        "CG003",
        ("skrevet som en tekst", "en person", "bo: {name: Bo Berg, role: …}"),
        ("written as a text", "a person", "bo: {name: Bo Berg, role: …}"),
    ),
    Mistake(
        "a-forum-written-as-a-name",
        org("forums:\n  pm: Personalemøde, hver måned\n"),
        6,
        "CG003",
        (
            "skrevet som en tekst",
            "et forum",
            'pm: {name: "Personalemøde, hver måned", members: […]',
        ),
        ("written as a text", "a forum", 'pm: {name: "Personalemøde, hver måned", members: […]'),
    ),
    Mistake(
        "keys-of-a-mandate-not-indented",
        org(TASK + "    mandate:\n    granted_by: anne\n"),
        10,
        "CG003",
        ("hører under 'mandate'", "6 mellemrum", "granted_by: anne"),
        ("belongs under 'mandate'", "6 spaces", "granted_by: anne"),
    ),
    Mistake(
        "keys-of-the-organisation-not-indented",
        "version: 1\norganisation:\nid: solsikken\nname: Børnehuset Solsikken\n",
        3,
        "CG003",
        ("hører under 'organisation'", "2 mellemrum", "id: solsikken"),
        ("belongs under 'organisation'", "2 spaces", "id: solsikken"),
    ),
    Mistake(
        "a-mandate-key-indented-like-the-mandate-in-a-broken-file",
        org(TASK + "    mandate:\n    granted_by: anne\n      decides: [Mødeplan]\n"),
        10,
        "CG001",
        ("kolonne 5", "6 mellemrum", "granted_by: anne"),
        ("column 5", "6 spaces", "granted_by: anne"),
    ),
    Mistake(
        "a-block-moved-to-the-left-edge",
        "version: 1\norganisation:\n  id: solsikken\nname: Børnehuset Solsikken\n"
        "direction:\n  values: {tryghed: Tryghed}\n",
        4,
        "CG003",
        ("hører under 'organisation'", "2 mellemrum", "name: Børnehuset Solsikken"),
        ("belongs under 'organisation'", "2 spaces", "name: Børnehuset Solsikken"),
    ),
    Mistake(
        "a-block-moved-to-the-left-edge-in-a-broken-file",
        "version: 1\norganisation:\n  id: solsikken\nname: Børnehuset Solsikken\n"
        "language: da\n  direction:\n    values: {tryghed: Tryghed}\n",
        4,
        "CG001",
        ("kolonne 3", "2 mellemrum", "name: Børnehuset Solsikken"),
        ("column 3", "2 spaces", "name: Børnehuset Solsikken"),
    ),
    Mistake(
        "the-keys-of-the-organisation-at-the-left-edge-in-a-broken-file",
        "version: 1\norganisation:\nid: solsikken\nname: Børnehuset Solsikken\n"
        "  direction:\n    values: {tryghed: Tryghed}\n",
        3,
        "CG001",
        ("hører under 'organisation'", "2 mellemrum", "id: solsikken"),
        ("belongs under 'organisation'", "2 spaces", "id: solsikken"),
    ),
    Mistake(
        "a-value-on-the-line-under-its-key",
        org(TASK.replace("    title: Tovholder på ICDP\n", "    title:\n    Tovholder\n")),
        8,
        "CG001",
        ("værdien af title", "title: Tovholder"),
        ("value of title", "title: Tovholder"),
    ),
    # -- keys without ':' or without a space -----------------------------------------
    Mistake(
        "a-key-without-a-colon",
        org("  bo:\n    role: staff\n    name Bo\n"),
        7,
        "CG001",
        ("mangler ':'", "name: Bo"),
        ("no ':'", "name: Bo"),
    ),
    Mistake(
        "a-key-without-a-space-after-the-colon",
        org("  bo:\n    name:Bo\n    role: staff\n"),
        6,
        "CG001",
        ("mellemrum efter ':'", "name: Bo"),
        ("followed by a space", "name: Bo"),
    ),
    # -- quotes and brackets left open -------------------------------------------------
    Mistake(
        "a-double-quote-never-closed",
        org('  bo:\n    name: "Bo Berg\n    role: staff\n'),
        6,
        "CG001",
        ("lukkes aldrig", 'name: "Bo Berg"'),
        ("never closed", 'name: "Bo Berg"'),
    ),
    Mistake(
        "a-double-quote-closed-by-the-next-one",
        org('  bo:\n    name: "Bo Berg\n    role: staff\n  cy:\n    name: "Cy"\n    role: staff\n'),
        6,
        "CG001",
        ("lukkes aldrig", 'name: "Bo Berg"'),
        ("never closed", 'name: "Bo Berg"'),
    ),
    Mistake(
        "a-double-quote-never-closed-inside-braces",
        org('  bo: {name: "Bo Berg, role: staff}\n'),
        5,
        "CG001",
        ("lukkes aldrig", 'name: "Bo Berg"'),
        ("never closed", 'name: "Bo Berg"'),
    ),
    Mistake(
        "a-single-quote-never-closed",
        org("  bo:\n    name: 'Bo Berg\n    role: staff\n"),
        6,
        "CG001",
        ("lukkes aldrig", "name: 'Bo Berg'"),
        ("never closed", "name: 'Bo Berg'"),
    ),
    Mistake(
        "an-apostrophe-inside-single-quotes",
        org("  bo:\n    name: Bo Berg\n    title: 'Bo's stue'\n    role: staff\n"),
        7,
        "CG001",
        ("mere tekst", 'title: "Bo\'s stue"'),
        ("more text", 'title: "Bo\'s stue"'),
    ),
    Mistake(
        "quotes-round-part-of-a-value",
        org('  bo:\n    name: "Bo" Berg\n    role: staff\n'),
        6,
        "CG001",
        ("mere tekst", "name: '\"Bo\" Berg'"),
        ("more text", "name: '\"Bo\" Berg'"),
    ),
    Mistake(
        "a-bracket-never-closed",
        org(FORUM.replace("members: [anne]", "members: [anne, frequency: monthly")),
        7,
        "CG001",
        ("Listen i [ ]", "']'", "members: [anne]"),
        ("list in [ ]", "']'", "members: [anne]"),
    ),
    Mistake(
        "a-bracket-never-closed-inside-braces",
        org("forums:\n  pm: {members: [anne, frequency: monthly}\n"),
        6,
        "CG001",
        ("Listen i [ ]", "pm: {members: [anne], frequency: monthly}"),
        ("list in [ ]", "pm: {members: [anne], frequency: monthly}"),
    ),
    Mistake(
        "a-brace-never-closed",
        org("forums:\n  pm: {members: [anne], frequency: monthly\ntasks: {}\n"),
        6,
        "CG001",
        ("Opslagslisten i { }", "pm: {members: [anne], frequency: monthly}"),
        ("keys in { }", "pm: {members: [anne], frequency: monthly}"),
    ),
    Mistake(
        "a-closing-bracket-of-the-wrong-kind",
        org("  bo: {name]: Bo Berg, role: staff}\n"),
        5,
        "CG001",
        ("lukker ingen parentes", "bo: {name: Bo Berg, role: staff}"),
        ("closes no bracket", "bo: {name: Bo Berg, role: staff}"),
    ),
    # -- lists -------------------------------------------------------------------------
    Mistake(
        "a-list-item-without-a-dash",
        org(
            "  bo: {name: Bo Berg, role: staff}\n"
            + FORUM.replace(
                "    members: [anne]\n",
                "    members:\n      - anne\n      bo\n    frequency: weekly\n",
            )
        ),
        10,
        "CG001",
        ("begynder ikke med '- '", "- bo"),
        ("does not begin with '- '", "- bo"),
    ),
    Mistake(
        "a-list-written-as-one-text",
        org(
            "  bo: {name: Bo Berg, role: staff}\nforums:\n  pm:\n    members: anne, bo\n"
            "    frequency: weekly\n"
        ),
        8,
        "CG003",
        ("skal være en liste", "members: [anne, bo]"),
        ("must be a list", "members: [anne, bo]"),
    ),
    Mistake(
        "a-list-without-brackets-inside-braces",
        org(
            "  bo: {name: Bo Berg, role: staff}\n"
            "forums:\n  pm: {members: anne, bo, frequency: weekly}\n"
        ),
        7,
        "CG003",
        ("skal være en liste", "members: [anne, bo]"),
        ("must be a list", "members: [anne, bo]"),
    ),
    Mistake(
        "a-dash-without-a-space",
        org(
            "  bo: {name: Bo Berg, role: staff}\nforums:\n  pm:\n    members:\n      -anne\n"
            "      -bo\n    frequency: weekly\n"
        ),
        9,
        "CG003",
        ("mellemrum efter '-'", "- anne"),
        ("space after '-'", "- anne"),
    ),
    # -- encodings ---------------------------------------------------------------------
    Mistake(
        "windows-1252",
        org("  bo: {name: Bo Bærentsen, role: staff}\n").encode("cp1252"),
        2,
        "CG001",
        ("Windows-1252", "'ø'", "Børnehuset", "Gem filen igen som UTF-8"),
        ("Windows-1252", "'ø'", "Børnehuset", "Save the file again as UTF-8"),
    ),
    Mistake(
        "utf-16-with-a-bom",
        org("  bo: {name: Bo Bærentsen, role: staff}\n").encode("utf-16"),
        1,
        "CG001",
        ("UTF-16", "Gem filen igen som UTF-8"),
        ("UTF-16", "Save the file again as UTF-8"),
    ),
    Mistake(
        "utf-16-without-a-bom",
        org("  bo: {name: Bo Bærentsen, role: staff}\n").encode("utf-16-le"),
        1,
        "CG001",
        ("UTF-16", "Gem filen igen som UTF-8"),
        ("UTF-16", "Save the file again as UTF-8"),
    ),
    Mistake(
        "utf-16-without-a-bom-all-ascii",
        org("  bo: {name: Bo Berg, role: staff}\n").encode("utf-16-be"),
        1,
        "CG001",
        ("UTF-16", "Gem filen igen som UTF-8"),
        ("UTF-16", "Save the file again as UTF-8"),
    ),
    Mistake(
        "a-control-character-copied-in",
        org("  bo: {name: Bo\x08 Berg, role: staff}\n"),
        5,
        "CG001",
        ("usynligt kontroltegn", "U+0008", "slet det"),
        ("invisible control character", "U+0008", "delete it"),
    ),
    Mistake(
        "a-tab-before-a-section",
        org("\tforums: {}\n"),
        5,
        "CG001",
        ("tabulatortegn", "helt ude til venstre", "forums: {}"),
        ("tab", "at the left edge", "forums: {}"),
    ),
    Mistake(
        "a-byte-of-no-text",
        org("  bo: {name: Bo Berg, role: staff}\n").encode().replace(b"Bo Berg", b"Bo\x81 Berg"),
        5,
        "CG001",
        ("ikke UTF-8", "0x81", "Gem filen igen som UTF-8"),
        ("not UTF-8", "0x81", "Save the file again as UTF-8"),
    ),
    # -- text outside the organisation ----------------------------------------------------
    Mistake(
        "a-line-of-text-at-the-top",
        "Organisationen for Solsikken\n" + HEADER + PEOPLE,
        1,
        "CG001",
        ("tekst uden for en nøgle", "# "),
        ("text outside any key", "# "),
    ),
    Mistake(
        "a-second-document",
        org("---\nforums: {}\n"),
        5,
        "CG003",
        ("'---'", "slet linjen"),
        ("'---'", "delete the line"),
    ),
    Mistake(
        "a-document-end-marker",
        org("...\nforums: {}\n"),
        5,
        "CG001",
        ("'...'", "slet linjen"),
        ("'...'", "delete this line"),
    ),
    # -- keys in Danish -------------------------------------------------------------------
    Mistake(
        "navn-for-name",
        org("  bo: {navn: Bo Berg, role: staff}\n"),
        5,
        "CG003",
        ("'navn'", "skriv 'name' i stedet for 'navn'"),
        ("'navn'", "write 'name' instead of 'navn'"),
    ),
    Mistake(
        "rolle-for-role",
        org("  bo: {name: Bo Berg, rolle: staff}\n"),
        5,
        "CG003",
        ("'rolle'", "skriv 'role' i stedet for 'rolle'"),
        ("'rolle'", "write 'role' instead of 'rolle'"),
    ),
    Mistake(
        "leder-for-reports_to",
        org("  bo: {name: Bo Berg, role: staff, leder: anne}\n"),
        5,
        "CG003",
        ("'leder'", "skriv 'reports_to' i stedet for 'leder'"),
        ("'leder'", "write 'reports_to' instead of 'leder'"),
    ),
    Mistake(
        "leder-for-a-units-leader",
        HEADER + "units:\n  egern: {name: Egern, leder: anne}\n" + PEOPLE,
        4,
        "CG003",
        ("'leder'", "skriv 'leader' i stedet for 'leder'"),
        ("'leder'", "write 'leader' instead of 'leder'"),
    ),
    Mistake(
        "ansvarlig-for-owner",
        org("tasks:\n  icdp: {title: Tovholder på ICDP, ansvarlig: anne}\n"),
        6,
        "CG003",
        ("'ansvarlig'", "skriv 'owner' i stedet for 'ansvarlig'"),
        ("'ansvarlig'", "write 'owner' instead of 'ansvarlig'"),
    ),
    Mistake(
        "deltagere-for-members",
        org("forums:\n  pm: {deltagere: [anne], frequency: monthly}\n"),
        6,
        "CG003",
        ("'deltagere'", "skriv 'members' i stedet for 'deltagere'"),
        ("'deltagere'", "write 'members' instead of 'deltagere'"),
    ),
    Mistake(
        "gyldig-til-for-valid_until",
        org(TASK + "    mandate: {granted_by: anne, gyldig til: 2027-06-30}\n"),
        9,
        "CG003",
        ("'gyldig til'", "skriv 'valid_until' i stedet for 'gyldig til'"),
        ("'gyldig til'", "write 'valid_until' instead of 'gyldig til'"),
    ),
    # -- true and false ---------------------------------------------------------------
    Mistake(
        "ja-for-true",
        org(TASK + "    mandate: {granted_by: anne, may_delegate: ja}\n"),
        9,
        "CG003",
        ("'ja'", "skriv may_delegate: true"),
        ("'ja'", "write may_delegate: true"),
    ),
    Mistake(
        "nej-for-false",
        org(TASK + "    informal: nej\n"),
        9,
        "CG003",
        ("'nej'", "skriv informal: false"),
        ("'nej'", "write informal: false"),
    ),
    Mistake(
        "an-id-that-yaml-reads-as-no",
        org("  no: {name: Nora Nielsen, role: staff}\n"),
        5,
        "CG003",
        ("'no'", '"no"'),
        ("'no'", '"no"'),
    ),
    # -- written twice ----------------------------------------------------------------
    Mistake(
        "a-person-written-twice",
        org("  bo: {name: Bo Berg, role: staff}\n  bo: {name: Bo Bach, role: staff}\n"),
        6,
        "CG002",
        ("to gange", "linje 5", "bo-2"),
        ("twice", "line 5", "bo-2"),
    ),
    Mistake(
        "a-key-written-twice",
        org("  bo: {name: Bo Berg, role: staff, name: Bo B.}\n"),
        5,
        "CG002",
        ("to gange", "slet denne"),
        ("twice", "delete this one"),
    ),
    Mistake(
        "a-misspelt-frequency",
        org("forums:\n  pm: {members: [anne], frequency: weekyl}\n"),
        6,
        "CG003",
        ("'weekyl'", "mente du frequency: weekly"),
        ("'weekyl'", "did you mean frequency: weekly"),
    ),
]


# -- Danish words for the file's words (each its own case) -----------------------------

#: (Danish word, the file's word, the field: "frequency", "every", "role", ...)
DANISH_WORDS = [
    ("kvartalsvis", "quarterly", "frequency"),
    ("ugentlig", "weekly", "frequency"),
    ("ugentligt", "weekly", "frequency"),
    ("hver anden uge", "biweekly", "frequency"),
    ("hver 14. dag", "biweekly", "frequency"),
    ("månedlig", "monthly", "frequency"),
    ("månedligt", "monthly", "frequency"),
    ("dagligt", "daily", "frequency"),
    ("halvårligt", "halfyearly", "every"),
    ("årligt", "yearly", "every"),
    ("hvert andet år", "biennial", "every"),
    ("leder", "leader", "role"),
    ("medarbejder", "staff", "role"),
    ("ekstern", "external", "role"),
    ("høj", "high", "complexity"),
    ("lav", "low", "complexity"),
    ("middel", "medium", "complexity"),
    ("mellem", "medium", "trust"),
    ("mundtlig", "oral", "form"),
    ("skriftlig", "written", "form"),
    ("ledelsesopgave", "leadership", "kind"),
    ("praksis", "practice", "kind"),
    ("effekt", "outcome", "criterion"),
    ("resultat", "output", "criterion"),
    ("dansk", "da", "language"),
]


def _with_word(word: str, field: str) -> tuple[str, int]:
    """A file with ``word`` written for ``field``, and the line it is on."""
    if field == "frequency":
        return org(f"forums:\n  pm: {{members: [anne], frequency: {word}}}\n"), 6
    if field == "every":
        return org(TASK + f"    recurs: {{every: {word}, last: 2025-06}}\n"), 9
    if field == "role":
        return org(f"  bo: {{name: Bo Berg, role: {word}}}\n"), 5
    if field == "trust":
        return org(
            "  bo: {name: Bo Berg, role: staff}\n"
            f"links:\n  - {{between: [anne, bo], frequency: weekly, trust: {word}}}\n"
        ), 7
    if field == "form":
        return org(TASK + f"    mandate: {{granted_by: anne, form: {word}}}\n"), 9
    if field == "criterion":
        return org(TASK + f"    success_criteria: [{{text: Mere ro, kind: {word}}}]\n"), 9
    if field == "language":
        return HEADER.replace("Solsikken}", f"Solsikken, language: {word}}}") + PEOPLE, 2
    return org(TASK + f"    {field}: {word}\n"), 9


for _word, _value, _field in DANISH_WORDS:
    _data, _line = _with_word(_word, _field)
    _key = "kind" if _field == "criterion" else _field
    MISTAKES.append(
        Mistake(
            f"danish-{_field}-{_word.replace(' ', '-')}",
            _data,
            _line,
            "CG003",
            (f"'{_word}'", f"skriv {_key}: {_value}"),
            (f"'{_word}'", f"write {_key}: {_value}"),
        )
    )


# -- dates written the Danish way ------------------------------------------------------

#: (as written, where: "valid_until" takes a day, "last" a day or a month, what to write)
DANISH_DATES = [
    ("15/09/2026", "valid_until", "2026-09-15"),
    ("15.09.2026", "valid_until", "2026-09-15"),
    ("15-09-2026", "valid_until", "2026-09-15"),
    ("2026-9-15", "valid_until", "2026-09-15"),
    ("15/9-2026", "valid_until", "2026-09-15"),
    ("15. september 2026", "valid_until", "2026-09-15"),
    ("september 2026", "last", "2026-09"),
    ("september 2026", "valid_until", "2026-09-30"),
    ("2026-9", "last", "2026-09"),
]

for _number, (_written, _key, _iso) in enumerate(DANISH_DATES):
    if _key == "last":
        _data = org(TASK + f"    follow_up: {{with: anne, every: monthly, last: {_written}}}\n")
    else:
        _data = org(TASK + f"    mandate: {{granted_by: anne, valid_until: {_written}}}\n")
    MISTAKES.append(
        Mistake(
            f"danish-date-{_number}-{_key}",
            _data,
            9,
            "CG003",
            (f"'{_written}'", f"{_key}: {_iso}"),
            (f"'{_written}'", f"{_key}: {_iso}"),
        )
    )
