"""Mermaid ``flowchart`` text of a scene, for wikis that render Mermaid.

The same :class:`~coordgraph.render.scene.Scene` as the drawing: every person, forum and
task is one node, links / forum membership / mandates / dependencies are edges, and each
missing coordination link is a dashed arrow labelled "missing" ("mangler"), styled in
vermillion by ``linkStyle``. Nodes with findings get ``class finding`` and their codes in
the label. User text is escaped with Mermaid entity codes, never trusted as syntax.
"""

from __future__ import annotations

import re

from coordgraph.render import texts
from coordgraph.render.scene import FORUM, PERSON, TASK, UNIT, Scene, SceneEdge, SceneNode
from coordgraph.render.textfit import clean

_ESCAPES = {
    "#": "#35;",
    '"': "#quot;",
    "&": "#amp;",
    "<": "#lt;",
    ">": "#gt;",
    "|": "#124;",
    "`": "#96;",
}
_ESCAPE_RE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")

_CLASSES = {
    "leader": "fill:#CCE3F0,stroke:#333333",
    "inbetweener": "fill:#FAE6BF,stroke:#333333",
    "staff": "fill:#D9F0E9,stroke:#333333",
    "external": "fill:#FFFFFF,stroke:#333333",
    "leadership": "fill:#FBF9D5,stroke:#333333",
    "practice": "fill:#EEEEEE,stroke:#333333",
    "forum": "fill:#F5E1EC,stroke:#CC79A7",
    "unit": "fill:#EAEAEA,stroke:#333333,stroke-width:2px",
    "finding": "stroke:#D55E00,stroke-width:3px,stroke-dasharray:5 5",
    "focus": "stroke:#000000,stroke-width:4px",
}


def escape(text: object) -> str:
    """Text safe inside a double-quoted Mermaid label."""
    return _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], clean(text))


def _ids(keys: list[tuple[str, str]]) -> dict[str, str]:
    """Mermaid ids of (key, kind) pairs: a prefix per kind plus the id reduced to
    ``[A-Za-z0-9_]``.

    Two ids that reduce alike (``a-b`` and ``a_b``) get a numeric suffix, so ids stay
    unique; the prefix keeps them clear of keywords such as ``end``.
    """
    prefix = {PERSON: "p_", TASK: "t_", FORUM: "f_", UNIT: "u_"}
    used: set[str] = set()
    result: dict[str, str] = {}
    for key, kind in keys:
        base = prefix[kind] + re.sub(r"[^A-Za-z0-9_]", "_", key.partition("/")[2])
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}_{n}", n + 1
        used.add(candidate)
        result[key] = candidate
    return result


def _label(node: SceneNode, lang: str) -> str:
    """Heading, lines, then each finding in words with its code (``Mangler mandat · CG201``)."""
    parts = [escape(node.heading), *(escape(line) for line in node.lines)]
    parts += [escape(f"{texts.finding_word(code, lang)} · {code}") for code in node.codes]
    return "<br/>".join(parts)


def _arrow(edge: SceneEdge) -> str:
    if edge.kind == "missing":
        return "-.->"
    if edge.kind == "link":
        return "===" if edge.frequency in ("daily", "weekly") else "---"
    if edge.kind in ("member", "contributes", "owns"):
        return "---"
    if edge.kind == "part_of":
        return "--o"
    return "-->"  # delegation, mandate, depends


def to_mermaid(scene: Scene) -> str:
    """The scene as a Mermaid flowchart (top to bottom)."""
    ids = _ids(
        [(node.key, node.kind) for node in scene.nodes]
        + [(group.key, UNIT) for group in scene.groups]
    )
    out = [
        f"%% coordgraph: {clean(scene.title)} - {clean(scene.subtitle)}".replace("\n", " "),
        "flowchart TB",
    ]
    inside: dict[str | None, list[str]] = {}
    for group in scene.groups:
        inside.setdefault(group.parent, []).append(group.key)
    members: dict[str | None, list[SceneNode]] = {}
    for node in scene.nodes:
        members.setdefault(node.group, []).append(node)
    groups = {group.key: group for group in scene.groups}

    def declare(key: str | None, indent: str) -> None:
        # units are subgraphs titled with the unit's name and its own forum
        for node in members.get(key, ()):
            label = _label(node, scene.lang)
            if node.kind == PERSON:
                out.append(f'{indent}{ids[node.key]}("{label}")')
            elif node.kind == FORUM:
                out.append(f'{indent}{ids[node.key]}(["{label}"])')
            elif node.kind == UNIT:
                out.append(f'{indent}{ids[node.key]}[["{label}"]]')
            else:
                out.append(f'{indent}{ids[node.key]}["{label}"]')
        for child in inside.get(key, ()):
            group = groups[child]
            title = "<br/>".join(escape(x) for x in (group.title, *group.lines))
            out.append(f'{indent}subgraph {ids[child]}["{title}"]')
            declare(child, indent + "    ")
            out.append(f"{indent}end")

    declare(None, "    ")
    missing: list[int] = []
    for index, edge in enumerate(scene.edges):
        label = edge.label
        if edge.kind == "missing":
            label = f"{edge.label}: {' '.join(edge.codes)}"
            missing.append(index)
        elif edge.kind == "member":
            label = ""
        text = f'|"{escape(label)}"|' if label else ""
        out.append(f"    {ids[edge.source]} {_arrow(edge)}{text} {ids[edge.target]}")
    styles = sorted({node.style for node in scene.nodes})
    for name in styles:
        if name in _CLASSES:
            out.append(f"    classDef {name} {_CLASSES[name]}")
    if any(node.codes for node in scene.nodes):
        out.append(f"    classDef finding {_CLASSES['finding']}")
    if any(node.focus for node in scene.nodes):
        out.append(f"    classDef focus {_CLASSES['focus']}")
    for name in styles:
        styled = [ids[n.key] for n in scene.nodes if n.style == name]
        if name in _CLASSES and styled:
            out.append(f"    class {','.join(styled)} {name}")
    flagged = [ids[n.key] for n in scene.nodes if n.codes]
    if flagged:
        out.append(f"    class {','.join(flagged)} finding")
    focused = [ids[n.key] for n in scene.nodes if n.focus]
    if focused:
        out.append(f"    class {','.join(focused)} focus")
    if missing:
        indexes = ",".join(str(i) for i in missing)
        out.append(f"    linkStyle {indexes} stroke:#D55E00,stroke-width:2px,stroke-dasharray:5 5")
    return "\n".join(out) + "\n"
