"""The rule catalogue: every declared rule with its words, adjusted by a ruleset.

A rule is declared once, with its check (:mod:`coordgraph.checks`), and its words live
in ``coordgraph/prose/<code>.yaml``. A ruleset (``rules/default.yaml``,
``rules/strict.yaml``, or a user's file) holds only adjustments: a rule ``off`` or
``on``, its ``severity``, its ``params`` (checked against the types the rule declares).
``extends`` builds one ruleset on another; ``.coordgraph.yaml`` adjusts the same way.
Anything unknown or wrong is a :class:`ConfigError` naming the file and the key.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from coordgraph.checks import Param, Rule, registry
from coordgraph.findings import Severity
from coordgraph.terms import fill
from coordgraph.validate import DataError, load_data

LANGS = ("da", "en")
BUNDLED = ("default", "strict")
#: Input rules that can never be switched off or lowered: a file that cannot be read
#: must never pass a gate.
FIXED = frozenset({"CG001", "CG005"})
#: How many rulesets may extend each other in a chain.
MAX_EXTENDS = 20


class ConfigError(Exception):
    """A configuration or ruleset problem: the tool cannot run as asked (exit 2).

    ``problem`` names a sentence of the terminology (``config.<problem>``), filled with
    ``values`` in the language of the run when it is shown; a text that is no such name
    is shown as it is.
    """

    def __init__(self, source: str, key: str, problem: str, **values: object) -> None:
        self.source, self.key, self.values = source, key, values
        self.problem = problem
        super().__init__(source, key, problem)

    def detail(self, lang: str | None = None) -> str:
        """The problem in words, in ``lang`` (default: the run's language)."""
        from coordgraph.messages import language
        from coordgraph.terms import table

        lang = lang or language()
        words = table(lang).get(f"config.{self.problem}")
        if words is None:
            return self.problem
        values = dict(self.values)
        close = values.pop("suggestion", "")
        values["hint"] = (
            fill(table(lang)["config.did_you_mean"], {"name": close}, lang) if close else ""
        )
        return fill(words, values, lang)

    def __str__(self) -> str:
        where = f"{self.source}: {self.key}: " if self.key else f"{self.source}: "
        return where + self.detail()


Texts = Mapping[str, str]  # language -> text


@dataclass(frozen=True, slots=True)
class Prose:
    """A rule's words in Danish and English (``coordgraph/prose/<code>.yaml``)."""

    summary: Texts
    message: Texts
    rationale: Texts
    fix: Texts
    short: Texts  # the finding in a few words, for pictures ("Mangler mandat")
    hint: Texts  # what to do, in plain words without YAML keys, for the meeting pack
    variants: Mapping[str, Texts] = field(default_factory=dict)
    examples: Mapping[str, str] = field(default_factory=dict)  # "bad" / "good" YAML
    #: a fix of its own for a variant whose remedy differs from the rule's ``fix``
    fixes: Mapping[str, Texts] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """A rule as a ruleset has it: declared, worded, and adjusted.

    Its words are read from its prose file when first needed (most checks need the
    words of a few rules only); ``words`` gives them directly instead.
    """

    rule: Rule
    severity: Severity
    params: Mapping[str, Any]
    enabled: bool = True
    words: Prose | None = None

    @property
    def prose(self) -> Prose:
        return self.words if self.words is not None else prose(self.rule.code)

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def name(self) -> str:
        return self.rule.name

    @property
    def family(self) -> str:
        return self.rule.family

    @property
    def summary(self) -> Texts:
        return self.prose.summary

    @property
    def message(self) -> Texts:
        return self.prose.message

    @property
    def rationale(self) -> Texts:
        return self.prose.rationale

    @property
    def fix(self) -> Texts:
        return self.prose.fix

    @property
    def variants(self) -> Mapping[str, Texts]:
        return self.prose.variants

    @property
    def examples(self) -> Mapping[str, str]:
        return self.prose.examples

    def text(self, what: str, lang: str) -> str:
        texts: Texts = getattr(self.prose, what)
        return texts.get(lang) or texts["en"]

    def fix_for(self, variant: str | None, lang: str) -> str:
        """The fix for a finding of this variant (the rule's own fix unless the variant
        has one)."""
        texts = self.prose.fixes.get(variant) if variant is not None else None
        if texts is None:
            return self.text("fix", lang)
        return texts.get(lang) or texts["en"]

    def template(self, variant: str | None, lang: str) -> str:
        texts = self.prose.message if variant is None else self.prose.variants[variant]
        return texts.get(lang) or texts["en"]


@dataclass(frozen=True, slots=True)
class Ruleset:
    name: str
    rules: Mapping[str, RuleSpec]  # by code, in code order

    def by_name(self, name: str) -> RuleSpec | None:
        for spec in self.rules.values():
            if spec.name == name:
                return spec
        return None

    def lookup(self, code_or_name: str) -> RuleSpec | None:
        key = code_or_name.strip()
        return self.rules.get(key.upper()) or self.by_name(key.lower())

    def select(self, selector: str) -> list[str]:
        """Codes matched by a code, a code prefix (``CG2``) or a name. Empty if none."""
        key = selector.strip()
        spec = self.by_name(key.lower())
        if spec is not None:
            return [spec.code]
        prefix = key.upper()
        if prefix == "ALL":
            return list(self.rules)
        return [code for code in self.rules if code.startswith(prefix)] if prefix else []

    @property
    def settings(self) -> dict[str, Mapping[str, Any]]:
        """Every rule's parameters, by code."""
        return {code: spec.params for code, spec in self.rules.items()}

    def with_overrides(self, overrides: Any, source: str) -> Ruleset:
        """Apply a ``rules:`` mapping (from a config or an extending ruleset)."""
        if not isinstance(overrides, Mapping):
            raise ConfigError(source, "rules", "rules_mapping")
        rules = dict(self.rules)
        for selector, setting in overrides.items():
            key = f"rules.{selector}"
            codes = self.select(str(selector))
            if not codes:
                raise ConfigError(
                    source, key, "unknown_rule", suggestion=_suggest(str(selector), self)
                )
            for code in codes:
                if code in FIXED and len(codes) > 1 and not _only_params(setting):
                    continue  # a prefix (CG0) or ALL leaves the fixed rules as they are
                rules[code] = _override(rules[code], setting, source, key)
        return replace(self, rules=rules)


def _only_params(setting: Any) -> bool:
    return isinstance(setting, Mapping) and set(setting) <= {"params"}


def _suggest(word: str, ruleset: Ruleset) -> str:
    """The rule code or name closest to ``word``, or "" when none is close."""
    candidates = list(ruleset.rules) + [s.name for s in ruleset.rules.values()]
    close = difflib.get_close_matches(word, candidates, n=1)
    return close[0] if close else ""


_SEVERITIES = {s.value for s in Severity}


def _override(spec: RuleSpec, setting: Any, source: str, key: str) -> RuleSpec:
    if spec.code in FIXED and not _only_params(setting):
        raise ConfigError(
            source,
            key,
            "fixed_rule",
            code=spec.code,
        )
    if setting in ("off", False):
        return replace(spec, enabled=False)
    if setting in ("on", True):
        return replace(spec, enabled=True)
    if isinstance(setting, str) and setting in _SEVERITIES:
        return replace(spec, severity=Severity(setting), enabled=True)
    if not isinstance(setting, Mapping):
        raise ConfigError(source, key, "rule_setting")
    unknown = set(setting) - {"severity", "params", "enabled"}
    if unknown:
        raise ConfigError(source, f"{key}.{sorted(map(str, unknown))[0]}", "unknown_setting")
    result = replace(spec, enabled=True)
    if "enabled" in setting:
        if not isinstance(setting["enabled"], bool):
            raise ConfigError(source, f"{key}.enabled", "true_or_false")
        result = replace(result, enabled=setting["enabled"])
    if "severity" in setting:
        value = setting["severity"]
        if value not in _SEVERITIES:
            raise ConfigError(source, f"{key}.severity", "bad_severity", value=value)
        result = replace(result, severity=Severity(value))
    if "params" in setting:
        result = replace(result, params=_params(spec, setting["params"], source, key))
    return result


def _params(spec: RuleSpec, params: Any, source: str, key: str) -> Mapping[str, Any]:
    """The rule's parameters with ``params`` applied, each checked against its type."""
    if not isinstance(params, Mapping):
        raise ConfigError(source, f"{key}.params", "params_mapping")
    merged = dict(spec.params)
    for name, value in params.items():
        declared: Param | None = spec.rule.param(str(name))
        if declared is None:
            known = ", ".join(p.name for p in spec.rule.params) or "none"
            raise ConfigError(
                source, f"{key}.params.{name}", "unknown_param", code=spec.code, known=known
            )
        problem = declared.problem(value)
        if problem is not None:
            raise ConfigError(source, f"{key}.params.{name}", problem[0], **problem[1])
        merged[declared.name] = declared.merged(value)
    return merged


# -- the words of the rules ------------------------------------------------------------


def _texts(raw: Any, source: str, key: str) -> dict[str, str]:
    if not isinstance(raw, Mapping) or not all(
        isinstance(raw.get(lang), str) and str(raw[lang]).strip() for lang in LANGS
    ):
        raise ConfigError(source, key, "must give a text for both 'da' and 'en'")
    return {lang: raw[lang].strip() for lang in LANGS}


_PROSE_KEYS = {
    "summary",
    "short",
    "hint",
    "message",
    "rationale",
    "fix",
    "fixes",
    "variants",
    "examples",
}


@cache
def prose(code: str) -> Prose:
    """The words of rule ``code``, from its prose file (a missing or incomplete file is
    a ConfigError: every rule speaks both languages)."""
    source = f"coordgraph/prose/{code}.yaml"
    try:
        text = resources.files("coordgraph").joinpath(f"prose/{code}.yaml").read_text("utf-8")
    except FileNotFoundError:
        raise ConfigError(source, "", f"{code} is declared but has no prose file") from None
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(raw, Mapping):
        raise ConfigError(source, "", "must be a mapping")
    unknown = set(raw) - _PROSE_KEYS
    if unknown:
        raise ConfigError(source, sorted(unknown)[0], "unknown key")
    for required in ("summary", "short", "hint", "message", "rationale", "fix"):
        if required not in raw:
            raise ConfigError(source, required, "missing")
    variants = raw.get("variants") or {}
    examples = raw.get("examples") or {}
    fixes = raw.get("fixes") or {}
    if not isinstance(fixes, Mapping) or not set(fixes) <= set(variants):
        raise ConfigError(source, "fixes", "must map variants of the rule to a fix")
    if not isinstance(variants, Mapping):
        raise ConfigError(source, "variants", "must be a mapping")
    if not isinstance(examples, Mapping) or not all(isinstance(v, str) for v in examples.values()):
        raise ConfigError(source, "examples", "must map 'bad' / 'good' to YAML text")
    return Prose(
        summary=_texts(raw["summary"], source, "summary"),
        message=_texts(raw["message"], source, "message"),
        rationale=_texts(raw["rationale"], source, "rationale"),
        fix=_texts(raw["fix"], source, "fix"),
        short=_texts(raw["short"], source, "short"),
        hint=_texts(raw["hint"], source, "hint"),
        variants={
            str(name): _texts(texts, source, f"variants.{name}") for name, texts in variants.items()
        },
        examples=dict(examples),
        fixes={str(name): _texts(texts, source, f"fixes.{name}") for name, texts in fixes.items()},
    )


def declared() -> Ruleset:
    """Every declared rule at its declared severity and parameters."""
    return Ruleset(
        name="declared",
        rules={
            code: RuleSpec(rule=rule, severity=rule.severity, params=rule.defaults)
            for code, rule in registry().items()
        },
    )


# -- rulesets ------------------------------------------------------------------------------


def read_settings(path: Path) -> Any:
    """A user's settings file (config or ruleset) as plain data; ConfigError if it cannot
    be read. Read like an organisation file, with its limits and checks."""
    source = str(path)
    try:
        return load_data(path.read_bytes())
    except OSError as exc:
        raise ConfigError(source, "", "cannot_read", reason=exc.strerror or exc) from None
    except DataError as exc:
        raise ConfigError(source, "", "not_yaml", detail=exc) from None


def _bundled_text(name: str) -> str:
    """Read a bundled ruleset: from the installed package, else from a source checkout.

    A wheel maps the top-level ``rules/`` folder to ``coordgraph.rulesets``; an editable
    install does not, so there the folder beside the package is read directly.
    """
    try:
        return resources.files("coordgraph.rulesets").joinpath(f"{name}.yaml").read_text("utf-8")
    except ModuleNotFoundError:
        return (Path(__file__).parent.parent / "rules" / f"{name}.yaml").read_text("utf-8")


_CACHE: dict[str, Ruleset] = {}


def load_ruleset(
    name_or_path: str, base_dir: Path | None = None, _seen: tuple[str, ...] = ()
) -> Ruleset:
    """Load a bundled ruleset by name (``default``, ``strict``) or a ruleset file by path.

    Relative paths resolve against ``base_dir`` (the directory of the file that names
    them). Bundled rulesets are cached.
    """
    if len(_seen) >= MAX_EXTENDS:
        raise ConfigError(_seen[-1], "extends", "extends_deep", limit=MAX_EXTENDS)
    if name_or_path in BUNDLED:
        if name_or_path not in _CACHE:
            source = f"rules/{name_or_path}.yaml"
            raw = yaml.load(
                _bundled_text(name_or_path), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            )
            _CACHE[name_or_path] = _build(raw, source, None, (*_seen, name_or_path))
        return _CACHE[name_or_path]
    path = Path(name_or_path)
    if base_dir is not None and not path.is_absolute():
        path = base_dir / path
    source = str(path)
    try:
        identity = str(path.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        identity = source
    if identity in _seen:
        raise ConfigError(source, "extends", "extends_circle")
    if not path.is_file():
        raise ConfigError(source, "", "no_ruleset")
    return _build(read_settings(path), source, path.parent, (*_seen, identity))


def _build(raw: Any, source: str, base_dir: Path | None, seen: tuple[str, ...]) -> Ruleset:
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise ConfigError(source, "", "a ruleset must be a mapping")
    unknown = set(raw) - {"version", "name", "extends", "rules"}
    if unknown:
        raise ConfigError(source, str(sorted(map(str, unknown))[0]), "unknown key")
    name = str(raw.get("name") or source)
    extends = raw.get("extends")
    if extends is None:
        base = declared()
    elif not isinstance(extends, str):
        raise ConfigError(source, "extends", "must be default, strict or a path to a ruleset")
    else:
        base = load_ruleset(extends, base_dir, seen)
    ruleset = replace(base, name=name)
    if raw.get("rules") is not None:
        ruleset = ruleset.with_overrides(raw["rules"], source)
    return ruleset
