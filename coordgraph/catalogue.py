"""The rule catalogue: rulesets as data (``rules/*.yaml``), loaded and validated.

A ruleset names every rule with its code, name, family, severity, params, and texts in
Danish and English. ``extends`` builds one ruleset on another; a ``rules`` mapping of
overrides (``off``, ``{severity: ...}``, ``{params: {...}}``) adjusts it, exactly as in
``.coordgraph.yaml``. Anything unknown is a :class:`ConfigError` naming file and key.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from coordgraph.findings import Severity
from coordgraph.model import FREQUENCIES
from coordgraph.validate import DataError, load_data

LANGS = ("da", "en")
FAMILIES = {"input": "CG0", "coordination": "CG1", "mandate": "CG2", "drift": "CG3"}
BUNDLED = ("default", "strict")


class ConfigError(Exception):
    """A configuration or ruleset problem: the tool cannot run as asked (exit 2)."""

    def __init__(self, source: str, key: str, problem: str) -> None:
        self.source, self.key, self.problem = source, key, problem
        where = f"{source}: {key}: " if key else f"{source}: "
        super().__init__(where + problem)


@dataclass(frozen=True, slots=True)
class RuleSpec:
    code: str
    name: str
    family: str
    severity: Severity
    params: Mapping[str, Any]
    message: Mapping[str, str]
    rationale: Mapping[str, str]
    fix: Mapping[str, str]
    variants: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    enabled: bool = True
    examples: Mapping[str, str] = field(default_factory=dict)  # "bad" / "good" YAML
    summary: Mapping[str, str] = field(default_factory=dict)  # one line: what it checks

    def text(self, what: str, lang: str) -> str:
        texts: Mapping[str, str] = getattr(self, what)
        return texts.get(lang) or texts["en"]

    def template(self, variant: str | None, lang: str) -> str:
        texts = self.message if variant is None else self.variants[variant]
        return texts.get(lang) or texts["en"]


@dataclass(frozen=True, slots=True)
class Ruleset:
    name: str
    rules: Mapping[str, RuleSpec]  # by code, in catalogue order
    terms: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

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

    def term(self, word: str, lang: str) -> str:
        texts = self.terms.get(word)
        if texts is None:
            return word
        return texts.get(lang) or texts.get("en") or word

    def with_overrides(self, overrides: Mapping[str, Any], source: str) -> Ruleset:
        """Apply a ``rules:`` mapping (from a config or an extending ruleset)."""
        if not isinstance(overrides, Mapping):
            raise ConfigError(source, "rules", "must be a mapping of rule code or name to settings")
        rules = dict(self.rules)
        for selector, setting in overrides.items():
            key = f"rules.{selector}"
            codes = self.select(str(selector))
            if not codes:
                raise ConfigError(source, key, f"unknown rule{_suggest(str(selector), self)}")
            for code in codes:
                rules[code] = _override(rules[code], setting, source, key)
        return replace(self, rules=rules)


def _suggest(word: str, ruleset: Ruleset) -> str:
    candidates = list(ruleset.rules) + [s.name for s in ruleset.rules.values()]
    close = difflib.get_close_matches(word, candidates, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _override(spec: RuleSpec, setting: Any, source: str, key: str) -> RuleSpec:
    if setting in ("off", False):
        return replace(spec, enabled=False)
    if setting in ("on", True):
        return replace(spec, enabled=True)
    if isinstance(setting, str) and setting in {s.value for s in Severity}:
        return replace(spec, severity=Severity(setting), enabled=True)
    if not isinstance(setting, Mapping):
        raise ConfigError(
            source, key, "must be off, on, a severity, or a mapping with severity / params"
        )
    unknown = set(setting) - {"severity", "params", "enabled"}
    if unknown:
        raise ConfigError(source, f"{key}.{sorted(unknown)[0]}", "unknown setting")
    result = replace(spec, enabled=True)
    if "enabled" in setting:
        if not isinstance(setting["enabled"], bool):
            raise ConfigError(source, f"{key}.enabled", "must be true or false")
        result = replace(result, enabled=setting["enabled"])
    if "severity" in setting:
        value = setting["severity"]
        if value not in {s.value for s in Severity}:
            raise ConfigError(
                source, f"{key}.severity", f"'{value}' is not one of error, warning, info"
            )
        result = replace(result, severity=Severity(value))
    if "params" in setting:
        result = replace(result, params=_merge_params(spec, setting["params"], source, key))
    return result


def _merge_params(spec: RuleSpec, params: Any, source: str, key: str) -> Mapping[str, Any]:
    if not isinstance(params, Mapping):
        raise ConfigError(source, f"{key}.params", "must be a mapping")
    merged = dict(spec.params)
    for name, value in params.items():
        if name not in spec.params:
            known = ", ".join(spec.params) or "none"
            raise ConfigError(
                source, f"{key}.params.{name}", f"unknown parameter of {spec.code} (known: {known})"
            )
        default = spec.params[name]
        if isinstance(default, Mapping):
            if not isinstance(value, Mapping):
                raise ConfigError(source, f"{key}.params.{name}", "must be a mapping")
            extra = set(value) - set(default)
            if extra:
                raise ConfigError(
                    source, f"{key}.params.{name}.{sorted(extra)[0]}", "unknown entry"
                )
            for entry, given in value.items():
                if default[entry] in FREQUENCIES and given not in FREQUENCIES:
                    raise ConfigError(
                        source,
                        f"{key}.params.{name}.{entry}",
                        f"'{given}' is not one of {', '.join(FREQUENCIES)}",
                    )
            merged[name] = {**default, **value}
        elif isinstance(default, bool):
            if not isinstance(value, bool):
                raise ConfigError(source, f"{key}.params.{name}", "must be true or false")
            merged[name] = value
        elif isinstance(default, int | float):
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ConfigError(source, f"{key}.params.{name}", "must be a non-negative number")
            merged[name] = value
        else:
            merged[name] = value
    return merged


def _texts(raw: Any, source: str, key: str) -> dict[str, str]:
    if not isinstance(raw, Mapping) or not all(
        isinstance(raw.get(lang), str) and raw.get(lang) for lang in LANGS
    ):
        raise ConfigError(source, key, "must give a text for both 'da' and 'en'")
    return {lang: raw[lang] for lang in LANGS}


_RULE_KEYS = {
    "code",
    "name",
    "family",
    "severity",
    "params",
    "message",
    "rationale",
    "fix",
    "variants",
    "examples",
    "summary",
}


def _parse_rule(raw: Any, source: str, index: int) -> RuleSpec:
    key = f"rules[{index}]"
    if not isinstance(raw, Mapping):
        raise ConfigError(source, key, "must be a mapping")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise ConfigError(source, f"{key}.{sorted(unknown)[0]}", "unknown key")
    for required in ("code", "name", "family", "severity", "message", "rationale", "fix"):
        if required not in raw:
            raise ConfigError(source, f"{key}.{required}", "missing")
    code = str(raw["code"])
    key = f"rules.{code}"
    family = raw["family"]
    if family not in FAMILIES or not code.startswith(FAMILIES[family]):
        raise ConfigError(source, f"{key}.family", f"'{family}' does not fit the code {code}")
    if raw["severity"] not in {s.value for s in Severity}:
        raise ConfigError(source, f"{key}.severity", f"'{raw['severity']}' is not a severity")
    params = raw.get("params") or {}
    if not isinstance(params, Mapping):
        raise ConfigError(source, f"{key}.params", "must be a mapping")
    variants_raw = raw.get("variants") or {}
    if not isinstance(variants_raw, Mapping):
        raise ConfigError(source, f"{key}.variants", "must be a mapping")
    examples = raw.get("examples") or {}
    if not isinstance(examples, Mapping) or not all(isinstance(v, str) for v in examples.values()):
        raise ConfigError(source, f"{key}.examples", "must map 'bad' / 'good' to YAML text")
    return RuleSpec(
        code=code,
        name=str(raw["name"]),
        family=family,
        severity=Severity(raw["severity"]),
        params=dict(params),
        message=_texts(raw["message"], source, f"{key}.message"),
        rationale=_texts(raw["rationale"], source, f"{key}.rationale"),
        fix=_texts(raw["fix"], source, f"{key}.fix"),
        variants={
            name: _texts(texts, source, f"{key}.variants.{name}")
            for name, texts in variants_raw.items()
        },
        examples=dict(examples),
        summary=_texts(raw["summary"], source, f"{key}.summary") if "summary" in raw else {},
    )


def _read_yaml(path: Path | None, text: str | None, source: str) -> Any:
    """A bundled ruleset (``text``, ours: libyaml's loader) or a user's ruleset file
    (``path``: read like an organisation file, with its limits and checks)."""
    try:
        if text is not None:
            return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        assert path is not None
        return load_data(path.read_bytes())
    except OSError as exc:
        raise ConfigError(source, "", f"cannot read: {exc.strerror or exc}") from None
    except DataError as exc:
        raise ConfigError(source, "", f"not valid YAML: {exc}") from None


def read_settings(path: Path) -> Any:
    """A user's settings file (config or ruleset) as plain data; ConfigError if it cannot
    be read."""
    return _read_yaml(path, None, str(path))


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


def load_ruleset(name_or_path: str, base_dir: Path | None = None, _seen: tuple = ()) -> Ruleset:
    """Load a bundled ruleset by name (``default``, ``strict``) or a ruleset file by path.

    Relative paths resolve against ``base_dir`` (the directory of the file that names
    them). Results for bundled rulesets are cached.
    """
    if name_or_path in BUNDLED:
        if name_or_path not in _CACHE:
            source = f"rules/{name_or_path}.yaml"
            _CACHE[name_or_path] = _build(
                _read_yaml(None, _bundled_text(name_or_path), source),
                source,
                None,
                (*_seen, name_or_path),
            )
        return _CACHE[name_or_path]
    path = Path(name_or_path)
    if base_dir is not None and not path.is_absolute():
        path = base_dir / path
    source = str(path)
    if source in _seen:
        raise ConfigError(source, "extends", "rulesets extend each other in a circle")
    if not path.is_file():
        raise ConfigError(
            source, "", "no such ruleset (use default, strict or a path to a ruleset file)"
        )
    return _build(_read_yaml(path, None, source), source, path.parent, (*_seen, source))


def _build(raw: Any, source: str, base_dir: Path | None, seen: tuple) -> Ruleset:
    if not isinstance(raw, Mapping):
        raise ConfigError(source, "", "a ruleset must be a mapping")
    unknown = set(raw) - {"version", "name", "extends", "rules", "terms"}
    if unknown:
        raise ConfigError(source, sorted(unknown)[0], "unknown key")
    name = str(raw.get("name") or source)
    if "extends" in raw:
        base = load_ruleset(str(raw["extends"]), base_dir, seen)
        ruleset = replace(base, name=name)
        if raw.get("rules"):
            ruleset = ruleset.with_overrides(raw["rules"], source)
        return ruleset
    entries = raw.get("rules")
    if not isinstance(entries, list):
        raise ConfigError(source, "rules", "must be a list of rule entries")
    rules: dict[str, RuleSpec] = {}
    for index, entry in enumerate(entries):
        spec = _parse_rule(entry, source, index)
        if spec.code in rules:
            raise ConfigError(source, f"rules.{spec.code}", "code listed twice")
        rules[spec.code] = spec
    terms = raw.get("terms") or {}
    return Ruleset(name=name, rules=rules, terms={k: dict(v) for k, v in terms.items()})


def codes(specs: Iterable[RuleSpec]) -> list[str]:
    return [s.code for s in specs]
