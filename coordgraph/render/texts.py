"""Words the diagrams print, from the terminology (``picture.*`` keys) and the rules'
prose (a finding's short name and plain-language hint)."""

from __future__ import annotations

from coordgraph.catalogue import prose
from coordgraph.model import DEFAULT_COMPLEXITY, DEFAULT_KIND, Task
from coordgraph.terms import fill, term


def text(key: str, lang: str, **values: object) -> str:
    """The label ``key`` (``picture.<key>`` in the terminology) in ``lang``, with
    ``values`` filled in."""
    return fill(term(f"picture.{key}", lang), values, lang)


def role(name: str, lang: str) -> str:
    return term(f"role.{name}", lang)


def frequency(name: str | None, lang: str) -> str:
    return "" if name is None else term(f"frequency.{name}", lang)


def finding_word(code: str, lang: str) -> str:
    """The short name of a finding (``Mangler mandat``), from the rule's prose."""
    return prose(code).short.get(lang) or prose(code).short["en"]


def finding_hint(code: str, lang: str) -> str:
    """What to do about a finding, in plain words (the rule's prose), for the pack."""
    return prose(code).hint.get(lang) or prose(code).hint["en"]


def task_profile(task: Task, lang: str) -> str:
    """A task's kind and complexity, each marked as a default where the file does not
    write it ("middel kompleksitet (standard)"), so nobody reads a default as a choice."""
    shown = []
    for key, written, default in (
        ("kind", task.kind, DEFAULT_KIND),
        ("complexity", task.complexity, DEFAULT_COMPLEXITY),
    ):
        value = text(f"{key}.{written or default}", lang)
        shown.append(value if written is not None else text("default", lang, value=value))
    return " · ".join(shown)
