"""CG0 - input: the file itself. These rules have no check function: their findings
come from reading the file (:mod:`coordgraph.loader`: CG001, CG002, CG005;
:mod:`coordgraph.validate` and :mod:`coordgraph.assemble`: CG003, CG004) and from
suppression comments (:mod:`coordgraph.suppress`: CG006).
"""

from __future__ import annotations

from coordgraph.checks import Param, declare
from coordgraph.findings import Severity
from coordgraph.loader import Limits

_LIMITS = Limits()

declare("CG001", "yaml-syntax", Severity.ERROR)
declare("CG002", "duplicate-key", Severity.ERROR)
declare("CG003", "schema-violation", Severity.ERROR)
declare("CG004", "unknown-reference", Severity.ERROR)
declare(
    "CG005",
    "input-limit",
    Severity.ERROR,
    params=(
        Param("max_bytes", "count", _LIMITS.max_bytes),
        Param("max_depth", "count", _LIMITS.max_depth),
        Param("max_aliases", "count", _LIMITS.max_aliases),
        Param("max_nodes", "count", _LIMITS.max_nodes),
    ),
)
declare("CG006", "unused-suppression", Severity.WARNING)
