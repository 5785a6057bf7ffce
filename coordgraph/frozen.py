"""Build frozen dataclasses fast: a check makes hundreds of thousands of them.

A frozen dataclass's ``__init__`` sets each field with ``object.__setattr__``, which
was a third of building a large model and a good part of a findings-heavy check.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def direct_constructor(cls: type[T]) -> Callable[..., T]:
    """Build instances of a frozen, slotted model dataclass by setting its slots directly.

    The result equals ``cls(...)`` (same class, same values: the model classes have no
    ``__post_init__``), without the frozen ``__init__``'s ``object.__setattr__`` call per
    field, which was a third of building a model with tens of thousands of tasks. Any
    class this cannot mirror exactly is returned unchanged, to be called as usual.
    """
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]  # only model dataclasses
    if (
        hasattr(cls, "__post_init__")
        or "__slots__" not in cls.__dict__
        or any(not f.init or f.default_factory is not dataclasses.MISSING for f in fields)
    ):
        return cls
    params = [
        f.name if f.default is dataclasses.MISSING else f"{f.name}=_default_{f.name}"
        for f in fields
    ]
    body = "".join(f"    _set_{f.name}(self, {f.name})\n" for f in fields)
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    for f in fields:
        namespace[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        if f.default is not dataclasses.MISSING:
            namespace[f"_default_{f.name}"] = f.default
    source = f"def new({', '.join(params)}):\n    self = _new(_cls)\n{body}    return self\n"
    exec(source, namespace)  # as dataclasses itself builds __init__
    new: Callable[..., T] = namespace["new"]
    return new
