"""YAML 1.1 scalar resolution, done by hand so nothing is ever constructed from a tag.

PyYAML resolves plain scalars with YAML 1.1 rules: ``no`` is a boolean, ``1.10`` a
float, ``2024-01-02`` a date. An organisation file means text in most places, so the
schema asks :func:`resolve` what a scalar *would* be and reports the trap instead of
silently using a wrong value. Several of PyYAML's own constructors raise on odd input
(impossible dates, ``!!int`` with no digits, huge integers); here every such case is a
:class:`ScalarError` the schema turns into a finding.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")
)
MERGE, VALUE = TAG + "merge", TAG + "value"
ALLOWED_SCALAR_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL, TIMESTAMP})
ALLOWED_COLLECTION_TAGS = frozenset({TAG + "map", TAG + "seq"})

_BOOL = re.compile(
    r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"
)
_FLOAT = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""",
    re.X,
)
_INT = re.compile(
    r"""^(?:[-+]?0b[0-1_]+
    |[-+]?0[0-7_]+
    |[-+]?(?:0|[1-9][0-9_]*)
    |[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
    re.X,
)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TIMESTAMP = re.compile(
    r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
    (?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
    (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
    re.X,
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_MAX_DIGITS = 4000  # below Python's int/str conversion limit (4300)


#: Every ``ScalarError.reason``: the catalogue has a CG003 message ``scalar_<reason>``
#: for each (a test keeps the two in step).
SCALAR_PROBLEMS = (
    "not_null",
    "not_bool",
    "unsupported_tag",
    "no_digits",
    "too_long",
    "not_int",
    "not_number",
    "not_date",
    "not_real_date",
)


class ScalarError(ValueError):
    """A scalar that cannot be read as the type it claims (or resolves to).

    ``reason`` names the problem (the schema reports it with the catalogue's message
    ``scalar_<reason>``, in the user's language); ``str()`` is the English sentence,
    for settings files; ``digits`` is set for a number too long to read.
    """

    def __init__(self, reason: str, message: str, digits: int = 0) -> None:
        assert reason in SCALAR_PROBLEMS, reason
        super().__init__(message)
        self.reason = reason
        self.digits = digits


_CACHE: dict[str, str] = {}


def implicit_tag(text: str) -> str:
    """The tag PyYAML would give a *plain* scalar (cached: files repeat their values)."""
    tag = _CACHE.get(text)
    if tag is None:
        if len(_CACHE) > 200_000:
            _CACHE.clear()
        tag = _CACHE[text] = _implicit_tag(text)
    return tag


#: The first characters of every plain scalar that YAML 1.1 reads as something other
#: than text, besides :data:`TYPED_WORDS`: a plain scalar that starts with any other
#: character and is not one of those words is text (see below). Names and ids often
#: start with t, f, n or o; only these words of them are not text.
TYPED_STARTS = frozenset("-+0123456789.<~=!&*")
#: The plain scalars starting with a letter that YAML 1.1 reads as a bool or a null (a
#: plain scalar never ends with a line break, which the resolver's ``$`` would allow).
TYPED_WORDS = frozenset(
    (
        *("yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE"),
        *("false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF"),
        *("null", "Null", "NULL"),
    )
)


def _implicit_tag(text: str) -> str:
    """PyYAML's implicit resolvers, in its order."""
    if not text:
        return NULL
    first = text[0]
    if first in "yYnNtTfFoO" and _BOOL.match(text):
        return BOOL
    if first in "-+0123456789.":
        if _FLOAT.match(text):
            return FLOAT
        if first != "." and _INT.match(text):
            return INT
    if first == "<" and text == "<<":
        return MERGE
    if first in "~nN" and _NULL.match(text):
        return NULL
    if first in "0123456789" and _TIMESTAMP.match(text):
        return TIMESTAMP
    if text == "=":
        return VALUE
    if text in ("!", "&", "*"):  # PyYAML's `yaml` resolver; a plain scalar never is one
        return TAG + "yaml"
    return STR


def tag_of(value: str, plain: bool, tag: str | None) -> str:
    """The effective tag of a scalar: explicit, else implicit (plain only).

    ``tag`` is the tag as libyaml gives it: ``None`` when none was written, ``"!"`` for
    YAML's non-specific tag (which makes text of anything).
    """
    if tag is not None:
        return STR if tag == "!" else tag
    if plain:
        return implicit_tag(value)
    return STR


def has_surrogate(text: str) -> bool:
    return not text.isascii() and _SURROGATE.search(text) is not None


def construct(tag: str, text: str) -> Any:
    """Build the Python value of a scalar, raising :class:`ScalarError` on bad input."""
    if tag in (STR, VALUE):
        return text
    if tag == NULL:
        if _NULL.match(text) or text == "":
            return None
        raise ScalarError("not_null", f"'{text}' is not an empty value")
    if tag == BOOL:
        lowered = text.lower()
        if lowered in ("yes", "true", "on"):
            return True
        if lowered in ("no", "false", "off"):
            return False
        raise ScalarError("not_bool", f"'{text}' is not true or false")
    if tag == INT:
        return _construct_int(text)
    if tag == FLOAT:
        return _construct_float(text)
    if tag == TIMESTAMP:
        return _construct_timestamp(text)
    raise ScalarError("unsupported_tag", f"the tag '{tag}' is not supported")


def _construct_int(text: str) -> int:
    value = text.replace("_", "")
    if not value or value in "+-":
        raise ScalarError("no_digits", "no digits where a whole number was expected")
    sign = -1 if value[0] == "-" else 1
    if value[0] in "+-":
        value = value[1:]
    if len(value) > _MAX_DIGITS:
        raise ScalarError("too_long", f"a number with {len(value)} digits is too long", len(value))
    try:
        if value == "0":
            return 0
        if value.startswith("0b"):
            return sign * int(value[2:], 2)
        if value.startswith("0x"):
            return sign * int(value[2:], 16)
        if value[0] == "0":
            return sign * int(value, 8)
        if ":" in value:
            result = 0
            for part in value.split(":"):
                result = result * 60 + int(part)
            return sign * result
        return sign * int(value)
    except ValueError:
        raise ScalarError("not_int", f"'{text}' is not a whole number") from None


def _construct_float(text: str) -> float:
    value = text.replace("_", "").lower()
    if not value or value in "+-.":
        raise ScalarError("no_digits", "no digits where a number was expected")
    if len(value) > _MAX_DIGITS:
        raise ScalarError("too_long", f"a number with {len(value)} digits is too long", len(value))
    sign = -1.0 if value[0] == "-" else 1.0
    if value[0] in "+-":
        value = value[1:]
    if value == ".inf":
        return sign * float("inf")
    if value == ".nan":
        return float("nan")
    try:
        if ":" in value:
            result = 0.0
            for part in value.split(":"):
                result = result * 60 + float(part)
            return sign * result
        return sign * float(value)
    except ValueError:
        raise ScalarError("not_number", f"'{text}' is not a number") from None


_TIMESTAMP_PARTS = re.compile(
    r"""^(?P<year>[0-9][0-9][0-9][0-9])-(?P<month>[0-9][0-9]?)-(?P<day>[0-9][0-9]?)
    (?:(?:[Tt]|[ \t]+)(?P<hour>[0-9][0-9]?):(?P<minute>[0-9][0-9]):(?P<second>[0-9][0-9])
    (?:\.(?P<fraction>[0-9]*))?
    (?:[ \t]*(?P<tz>Z|(?P<tz_sign>[-+])(?P<tz_hour>[0-9][0-9]?)(?::(?P<tz_minute>[0-9][0-9]))?))?
    )?$""",
    re.X,
)


def _construct_timestamp(text: str) -> datetime.date | datetime.datetime:
    """PyYAML's timestamp constructor, raising :class:`ScalarError` where it would crash."""
    match = _TIMESTAMP_PARTS.match(text)
    if not match:
        raise ScalarError("not_date", f"'{text}' is not a date")
    parts = match.groupdict()
    year, month, day = int(parts["year"]), int(parts["month"]), int(parts["day"])
    try:
        if not parts["hour"]:
            return datetime.date(year, month, day)
        fraction = int((parts["fraction"] or "")[:6].ljust(6, "0"))
        tzinfo = None
        if parts["tz_sign"]:
            delta = datetime.timedelta(
                hours=int(parts["tz_hour"]), minutes=int(parts["tz_minute"] or 0)
            )
            tzinfo = datetime.timezone(-delta if parts["tz_sign"] == "-" else delta)
        elif parts["tz"]:
            tzinfo = datetime.timezone.utc
        return datetime.datetime(
            year,
            month,
            day,
            int(parts["hour"]),
            int(parts["minute"]),
            int(parts["second"]),
            fraction,
            tzinfo=tzinfo,
        )
    except ValueError:
        raise ScalarError("not_real_date", f"'{text}' is not a real date") from None


def key_identity(value: str, plain: bool, tag: str | None) -> str | tuple[str, Any]:
    """What a scalar mapping key *means*, so ``yes``/``true`` or ``010``/``8`` count as
    the same key (PyYAML would keep only the last of them)."""
    effective = tag_of(value, plain, tag)
    if effective == STR or effective not in ALLOWED_SCALAR_TAGS:
        # Text is its own identity (no tuple per key: files can hold millions of keys);
        # a str never equals the tuples below.
        return value
    try:
        constructed = construct(effective, value)
    except ScalarError:
        return (effective, value)
    if effective == BOOL:
        return (BOOL, constructed)
    if effective in (INT, FLOAT):
        return ("number", constructed)
    return (effective, constructed)
