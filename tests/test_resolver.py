"""Cross-check of the hand-written YAML 1.1 resolution against PyYAML itself.

coordgraph never lets PyYAML construct a value (:mod:`coordgraph.scalars` does it by
hand), so the traps it reports must be exactly the ones PyYAML would fall into: the
implicit tag of every plain scalar must equal PyYAML's, and where PyYAML can build a
value ours must be the same value. Where PyYAML raises (impossible dates, ``!!int``
without digits, ``!!bool maybe`` ...) ours must raise :class:`ScalarError`, which the
schema turns into a finding instead of a crash.
"""

from __future__ import annotations

import datetime
import math

import pytest
import yaml
from hypothesis import assume, example, given
from hypothesis import strategies as st

from coordgraph import scalars
from tests.strategies import tuned

_RESOLVER = yaml.SafeLoader("")

# Characters that matter to YAML 1.1's implicit resolvers, and words they look for.
_ALPHABET = "0123456789+-._:eExXbB tTzZ~<=,"
_WORDS = [
    "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
    "on", "On", "ON", "off", "Off", "OFF", "y", "n", "null", "Null", "NULL", "~", ".inf",
    "-.Inf", "+.INF", ".nan", ".NaN", ".NAN", "<<", "=", "0x", "0b", "0o", "nul", "yES",
]  # fmt: skip


@st.composite
def _dates_and_times(draw: st.DrawFn) -> str:
    """Strings shaped like YAML timestamps, valid or not."""
    digits = st.text(alphabet="0123456789", min_size=1, max_size=3)
    year = draw(st.text(alphabet="0123456789", min_size=3, max_size=5))
    text = f"{year}-{draw(digits)}-{draw(digits)}"
    if draw(st.booleans()):
        sep = draw(st.sampled_from(["T", "t", " ", "  ", "\t", "x"]))
        text += f"{sep}{draw(digits)}:{draw(digits)}:{draw(digits)}"
        if draw(st.booleans()):
            text += "." + draw(st.text(alphabet="0123456789", max_size=8))
        text += draw(st.sampled_from(["", "Z", " Z", "+1", "-05:00", " +5:30", "-7", "+12:3"]))
    return text


yamlish = st.one_of(
    st.text(alphabet=_ALPHABET, max_size=12),
    st.sampled_from(_WORDS),
    st.builds(
        lambda a, w, b: a + w + b,
        st.text(alphabet=_ALPHABET, max_size=3),
        st.sampled_from(_WORDS),
        st.text(alphabet=_ALPHABET, max_size=3),
    ),
    _dates_and_times(),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(max_size=8),
)

#: Words YAML 1.1 reads as bools or nulls, and words that only look like them.
_WORDS = {
    *("yes", "Yes", "no", "NO", "true", "false", "on", "Off", "off", "null"),
    *("y", "n", "yess", "nej", "ja", "tove", "olga"),
}

_TRICKY = [
    "", "0", "-0", "+0", "00", "08", "010", "0b101", "0b", "0x", "0x_", "0xFF", "+0x1f",
    "1_000", "1__0", "_1", "190:20:30", "1:60", "-1:30", "1.5", "1.", ".5", "1e5", "1.0e5",
    "1.0e+5", "1.0E-5", "1.e+5", "._5", "1_0.5_0", "190:20:30.15", "-.inf", "+.inf", ".Inf",
    "2001-12-14", "2001-1-1", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5",
    "2001-12-15T02:59:43.1Z", "2002-12-14", "2024-13-45", "2024-02-30", "0000-01-01",
    "9999-12-31", "2001-12-14 21:59:43", "2001-12-14 1:59:43", "1-2-3", "yes!", "on ", " on",
    "Null ", "nULL", "~~", "<<<", "==", "-", "+", ".", "..", "-.", "+.", "1:2:3:4", "0:0",
]  # fmt: skip


@tuned(5)
@given(yamlish)
@example("")
@example("*")
def test_implicit_tag_matches_pyyaml(text: str) -> None:
    expected = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
    assert scalars.implicit_tag(text) == expected


@pytest.mark.parametrize("text", _TRICKY)
def test_implicit_tag_matches_pyyaml_on_known_corners(text: str) -> None:
    assert scalars.implicit_tag(text) == _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))


def _pyyaml(tag: str, text: str) -> tuple[bool, object]:
    """(True, value) if PyYAML's safe constructor builds ``text`` as ``tag``, else (False, exc)."""
    loader = yaml.SafeLoader("")
    try:
        return True, loader.construct_object(yaml.ScalarNode(tag, text), deep=True)
    except Exception as exc:  # PyYAML escapes with ValueError, KeyError, AttributeError ...
        return False, exc
    finally:
        loader.dispose()


def _same(ours: object, theirs: object) -> bool:
    if isinstance(theirs, float) and isinstance(ours, float):
        return (math.isnan(ours) and math.isnan(theirs)) or ours == theirs
    if isinstance(theirs, datetime.datetime):
        return isinstance(ours, datetime.datetime) and ours == theirs
    return type(ours) is type(theirs) and ours == theirs


def _check_construct(tag: str, text: str) -> None:
    built, theirs = _pyyaml(tag, text)
    try:
        ours = scalars.construct(tag, text)
    except scalars.ScalarError:
        # Stricter than PyYAML only where PyYAML silently guesses: `!!null anything` is
        # None to PyYAML, but a null that holds text is a mistake worth a finding.
        assert not built or tag == scalars.NULL, (tag, text, theirs)
        return
    assert built, f"PyYAML raises {theirs!r} on {tag} {text!r}, we built {ours!r}"
    assert _same(ours, theirs), (tag, text, ours, theirs)


@tuned(5)
@given(yamlish)
def test_construct_agrees_with_pyyaml_on_the_implicit_tag(text: str) -> None:
    tag = scalars.implicit_tag(text)
    if tag in scalars.ALLOWED_SCALAR_TAGS:
        _check_construct(tag, text)


@tuned(5)
@given(st.sampled_from(sorted(scalars.ALLOWED_SCALAR_TAGS)), yamlish)
def test_construct_agrees_with_pyyaml_on_explicit_tags(tag: str, text: str) -> None:
    """``!!int abc``, ``!!bool maybe``, ``!!timestamp nope``: any text under any tag."""
    _check_construct(tag, text)


@pytest.mark.parametrize("text", _TRICKY)
@pytest.mark.parametrize("tag", sorted(scalars.ALLOWED_SCALAR_TAGS))
def test_construct_agrees_with_pyyaml_on_known_corners(tag: str, text: str) -> None:
    _check_construct(tag, text)


def test_the_escapes_pyyaml_does_not_catch_raise_scalar_error() -> None:
    """Each of these makes PyYAML raise something that is not a YAMLError."""
    for tag, text in [
        (scalars.TIMESTAMP, "2024-13-45"),
        (scalars.INT, ""),
        (scalars.FLOAT, ""),
        (scalars.BOOL, "maybe"),
        (scalars.TIMESTAMP, "nope"),
        (scalars.INT, "1" * 5000),
    ]:
        built, exc = _pyyaml(tag, text)
        assert not built and not isinstance(exc, yaml.YAMLError), (tag, text)
        with pytest.raises(scalars.ScalarError):
            scalars.construct(tag, text)


@tuned()
@given(st.one_of(yamlish, st.text(max_size=12), st.sampled_from(sorted(_WORDS))))
@example("yes")
@example("Off")
@example("NULL")
@example("nej")
@example("Tove")
def test_a_plain_scalar_is_text_unless_it_starts_like_a_typed_one(text: str) -> None:
    """The fast path reads a plain scalar as text when its first character is not in
    ``TYPED_STARTS`` and it is not one of ``TYPED_WORDS``; PyYAML must agree. (A plain
    scalar never ends with a line break: libyaml strips it.)"""
    assume(not text.endswith("\n"))
    fast = bool(text) and text[0] not in scalars.TYPED_STARTS
    fast = fast and text not in scalars.TYPED_WORDS
    if fast:
        assert _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == scalars.STR
    if text in scalars.TYPED_WORDS:
        assert _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) != scalars.STR
