"""Graphviz DOT text of a scene, for wikis and tools that render DOT.

A ``digraph`` (delegations and dependencies have a direction; communication edges are
drawn with ``dir=none``). Node ids are the node paths (``"people/anne"``), quoted, so any
id is valid; every person, forum and task is one node, layers become ``rank=same``
groups, missing coordination links are ``style=dashed`` vermillion edges labelled
"missing" ("mangler"), and nodes with findings have a dashed vermillion outline.
"""

from __future__ import annotations

from coordgraph.render import texts
from coordgraph.render.scene import FORUM, UNIT, Scene, SceneEdge, SceneNode
from coordgraph.render.textfit import clean

_FILL = {
    "leader": "#CCE3F0",
    "inbetweener": "#FAE6BF",
    "staff": "#D9F0E9",
    "external": "#FFFFFF",
    "leadership": "#FBF9D5",
    "practice": "#EEEEEE",
    "forum": "#F5E1EC",
    "unit": "#EAEAEA",
}
VERMILLION = "#D55E00"


def quote(text: object) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, one line."""
    return '"' + clean(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _label(lines: list[str]) -> str:
    """Several lines joined with DOT's ``\\n`` escape (each line escaped first)."""
    return '"' + "\\n".join(quote(line)[1:-1] for line in lines) + '"'


def _attrs(pairs: list[tuple[str, str]]) -> str:
    return "[" + ", ".join(f"{k}={v}" for k, v in pairs) + "]"


def _node(node: SceneNode, lang: str) -> str:
    lines = [node.heading, *node.lines]
    lines += [f"{texts.finding_word(code, lang)} · {code}" for code in node.codes]
    shape = "box3d" if node.kind == UNIT else ("ellipse" if node.kind == FORUM else "box")
    styles = ["filled"] if node.kind != "person" else ["rounded", "filled"]
    attrs = [("label", _label(lines)), ("shape", shape)]
    if node.codes:
        styles.append("dashed")
        attrs += [("color", quote(VERMILLION)), ("penwidth", "2.4")]
    if node.focus:
        styles.append("bold")
    attrs += [("style", quote(",".join(styles))), ("fillcolor", quote(_FILL[node.style]))]
    return f"  {quote(node.key)} {_attrs(attrs)};"


def _edge(edge: SceneEdge) -> str:
    attrs: list[tuple[str, str]] = []
    if not edge.directed and edge.kind != "missing":
        attrs.append(("dir", "none"))
    if edge.kind == "missing":
        label = f"{edge.label}: {' '.join(edge.codes)}"
        attrs += [
            ("style", "dashed"),
            ("color", quote(VERMILLION)),
            ("penwidth", "2"),
            ("dir", "none"),
            ("label", quote(label)),
        ]
    elif edge.kind == "link":
        width = {"daily": "2.4", "weekly": "2.4", "biweekly": "1.3", "monthly": "1.3"}
        attrs.append(("penwidth", width.get(edge.frequency or "", "1")))
        if edge.frequency in ("quarterly", "halfyearly", "yearly"):
            attrs.append(("style", "dotted"))
        attrs.append(("label", quote(edge.label)))
    elif edge.kind == "member":
        attrs.append(("color", quote("#CC79A7")))
    elif edge.kind in ("delegation", "mandate"):
        attrs += [("color", quote("#0072B2")), ("label", quote(edge.label))]
    elif edge.kind == "depends":
        attrs += [("color", quote("#009E73")), ("label", quote(edge.label))]
    elif edge.kind == "part_of":
        attrs += [("color", quote("#777777")), ("arrowhead", "odiamond")]
        attrs.append(("label", quote(edge.label)))
    elif edge.kind == "owns":
        attrs += [("penwidth", "1.8"), ("label", quote(edge.label))]
    elif edge.kind == "contributes":
        attrs += [("color", quote("#777777")), ("label", quote(edge.label))]
    target = edge.target
    if target.startswith("units/") and edge.kind == "member":
        # a forum's bundled line to a unit box ends at the cluster's border
        attrs += [("lhead", quote("cluster_" + target)), ("label", quote(edge.label))]
        target = target + "/anchor"
    return f"  {quote(edge.source)} -> {quote(target)} {_attrs(attrs)};"


def to_dot(scene: Scene) -> str:
    """The scene as a Graphviz ``digraph``, top to bottom."""
    out = [
        f"digraph {quote(scene.title)} {{",
        f"  graph [rankdir=TB, labelloc=t, label={quote(scene.title + ' - ' + scene.subtitle)}, "
        'fontname="DejaVu Sans", compound=true];',
        '  node [fontname="DejaVu Sans", fontsize=10];',
        '  edge [fontname="DejaVu Sans", fontsize=8];',
    ]
    inside: dict[str | None, list[str]] = {}
    for group in scene.groups:
        inside.setdefault(group.parent, []).append(group.key)
    members: dict[str | None, list[SceneNode]] = {}
    for node in scene.nodes:
        members.setdefault(node.group, []).append(node)
    groups = {group.key: group for group in scene.groups}
    anchored = {edge.target for edge in scene.edges if edge.target in groups}

    def declare(key: str | None, indent: str) -> None:
        # units are clusters labelled with the unit's name and its own forum
        out.extend(indent + _node(node, scene.lang).lstrip() for node in members.get(key, ()))
        for child in inside.get(key, ()):
            group = groups[child]
            out.append(f"{indent}subgraph {quote('cluster_' + child)} {{")
            out.append(f"{indent}  label={_label([group.title, *group.lines])};")
            out.append(f'{indent}  style="rounded,filled"; fillcolor="#F4F4F4"; color="#777777";')
            if child in anchored:
                out.append(f"{indent}  {quote(child + '/anchor')} [shape=point, style=invis];")
            declare(child, indent + "  ")
            out.append(f"{indent}}}")

    declare(None, "  ")
    layers: dict[int, list[str]] = {}
    for node in scene.nodes:
        layers.setdefault(node.layer, []).append(node.key)
    for layer in sorted(layers):
        ranked = " ".join(f"{quote(key)};" for key in layers[layer])
        out.append(f"  {{ rank=same; {ranked} }}")
    out.extend(_edge(edge) for edge in scene.edges)
    out.append("}")
    return "\n".join(out) + "\n"
