"""The text catalog is the one place: every key the code uses exists in both languages,
every key of the catalog is used, built keys come from the families of
``roadfund.text.families``, and English counts take their plural."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import get_args

import pytest

from roadfund import policy
from roadfund.engine import compare, matching
from roadfund.text import LABELS, MESSAGES, fields, label, message
from roadfund.text import families as fam
from roadfund.web import compare as web_compare
from roadfund.web import jobs

PACKAGE = Path(__file__).resolve().parent.parent / "roadfund"
LABEL_CALLS = {"label", "Ref", "text", "t"}
"""Calls whose first argument is a label key (``ctx.text`` is the county writer's label,
``t`` the page's and the summary's)."""
MESSAGE_CALLS = {"message": 0, "at": 1, "Issue": 1, "PydanticCustomError": 0}
"""Calls whose argument at that position is a message code."""
KEYISH = re.compile(r"[a-z_]+(\.([a-z_]+|\{\}))+")


@dataclass
class Uses:
    """What the code (outside roadfund/text) spells, builds and passes."""

    literals: set[str] = field(default_factory=set)
    refs: set[str] = field(default_factory=set)  # "@kind.yuan": a parameter naming a label
    label_args: set[str] = field(default_factory=set)
    message_args: set[str] = field(default_factory=set)
    passed: set[str] = field(default_factory=set)
    patterns: dict[str, str] = field(default_factory=dict)  # pattern → where
    label_patterns: dict[str, str] = field(default_factory=dict)


def _pattern(node: ast.JoinedStr) -> str:
    """``f"@source.{s.code}.short"`` → ``source.{}.short``."""
    text = "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)
    return text.removeprefix("@")


def _call_name(node: ast.Call) -> str:
    func = node.func
    return (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else ""
    )


def _texts(node: ast.expr, assigned: dict[str, list[ast.expr]]) -> list[ast.Constant]:
    """The string constants an argument can be: itself, either branch of ``a if c else b``,
    or what a name is assigned in the same module (``need_key = "x" if … else "y"``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    if isinstance(node, ast.IfExp):
        return _texts(node.body, assigned) + _texts(node.orelse, assigned)
    if isinstance(node, ast.Name):
        return [c for value in assigned.get(node.id, []) for c in _texts(value, {})]
    return []


TEMPLATE_CALL = re.compile(r"""\bt\(\s*(['"])([^'"]*)\1\s*(~)?""")
TEMPLATE_TEXT = re.compile(r"""(['"])([a-z_]+(?:\.[a-z0-9_]+)+)\1""")


def scan_templates(uses: Uses) -> None:
    """The page's Jinja templates: ``t('web.title')`` spells a key, ``t('web.lang.' ~ code)``
    builds one (pattern ``web.lang.{}``), any other quoted key is used as it is."""
    for path in sorted((PACKAGE / "web" / "templates").glob("*.html")):
        text = path.read_text(encoding="utf-8")
        where = str(path.relative_to(PACKAGE.parent))
        for match in TEMPLATE_CALL.finditer(text):
            if match.group(3):
                uses.label_patterns[match.group(2) + "{}"] = where
            else:
                uses.label_args.add(match.group(2))
        uses.literals.update(m.group(2) for m in TEMPLATE_TEXT.finditer(text))


def scan() -> Uses:
    uses = Uses()
    scan_templates(uses)
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent.name == "text" and path.name != "__init__.py":
            continue
        where = str(path.relative_to(PACKAGE.parent))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip: set[int] = set()
        assigned: dict[str, list[ast.expr]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(node.value)
        for node in ast.walk(tree):
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
                skip.add(id(node.value))  # docstrings
            if isinstance(node, ast.JoinedStr):
                skip.update(id(part) for part in node.values)
                uses.patterns.setdefault(_pattern(node), f"{where}:{node.lineno}")
            if not isinstance(node, ast.Call):
                continue
            name = _call_name(node)
            positions = {0: "label"} if name in LABEL_CALLS else {}
            if name in MESSAGE_CALLS:
                positions = {MESSAGE_CALLS[name]: "message"}
            if name in fam.PASSED and isinstance(node.func, ast.Name):
                positions = {fam.PASSED[name][0]: "passed"}
            for position, kind in positions.items():
                if position >= len(node.args):
                    continue
                arg = node.args[position]
                if isinstance(arg, ast.JoinedStr) and kind == "label":
                    uses.label_patterns[_pattern(arg)] = f"{where}:{arg.lineno}"
                for text in _texts(arg, assigned):
                    if kind == "label":
                        uses.label_args.add(text.value)
                    elif kind == "message":
                        uses.message_args.add(text.value)
                    else:
                        uses.passed.add(fam.PASSED[name][1] + text.value)
                        skip.add(id(text))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in skip
            ):
                uses.literals.add(node.value.removeprefix("@"))
                if node.value.startswith("@") and len(node.value) > 1:
                    uses.refs.add(node.value[1:])
    return uses


USES = scan()
KEYS = set(LABELS) | set(MESSAGES)


def key_patterns() -> dict[str, str]:
    """The f-strings of the code that build catalog keys (their fixed start begins a key)."""
    out = dict(USES.label_patterns)
    for pattern, where in USES.patterns.items():
        start = pattern.split("{", 1)[0]
        if "{}" in pattern and KEYISH.fullmatch(pattern) and any(k.startswith(start) for k in KEYS):
            out.setdefault(pattern, where)
    return out


def family_keys(pattern: str) -> frozenset[str]:
    keys = fam.FAMILIES[pattern]
    if keys is not None:
        return keys
    prefix = pattern.removesuffix("{}")
    return frozenset(k for k in USES.passed if k.startswith(prefix))


def test_every_built_key_is_a_listed_family() -> None:
    unlisted = {p: where for p, where in key_patterns().items() if p not in fam.FAMILIES}
    assert unlisted == {}


def test_every_family_is_built_somewhere_and_builds_only_its_own_pattern() -> None:
    built = key_patterns()
    assert sorted(set(fam.FAMILIES) - set(built)) == []
    for pattern in fam.FAMILIES:
        shape = re.compile(re.escape(pattern).replace(r"\{\}", r"[^.]+"))
        assert all(shape.fullmatch(k) for k in family_keys(pattern)), pattern
        assert family_keys(pattern), pattern


def test_every_key_the_code_uses_exists() -> None:
    spelt = {k for k in USES.label_args if not k.startswith("@")}
    assert sorted(spelt - set(LABELS)) == []
    assert sorted(USES.message_args - set(MESSAGES)) == []
    assert sorted(USES.passed - set(LABELS)) == []
    assert sorted(USES.refs - set(LABELS)) == []
    for pattern in fam.FAMILIES:
        assert sorted(family_keys(pattern) - set(LABELS)) == [], pattern


def test_every_passed_key_belongs_to_its_family() -> None:
    """A reason or step passed by name (NotARun(folder, "bad_header")) is one the family lists."""
    for name, (_, prefix) in fam.PASSED.items():
        family = fam.FAMILIES[prefix + "{}"]
        passed = {k for k in USES.passed if k.startswith(prefix)}
        assert passed, name
        if family is not None:
            assert sorted(passed - family) == [], name


def test_every_key_of_the_catalog_is_used() -> None:
    used = (USES.literals | USES.label_args | USES.message_args | USES.passed) & KEYS
    for pattern in fam.FAMILIES:
        used |= family_keys(pattern)
    assert sorted(KEYS - used) == []


def test_the_families_agree_with_the_values_they_name() -> None:
    assert fam.FACTOR_KEYS == policy.FACTOR_KEYS
    assert get_args(policy.CoefficientMethod.model_fields["need"].annotation) == fam.NEED_CHOICES
    assert (
        get_args(policy.Period.model_fields["settlement_mode"].annotation) == fam.SETTLEMENT_MODES
    )
    assert get_args(matching.Level) == fam.MATCHING_LEVELS
    assert ("", *fam.COMPARE_STATUSES) == get_args(compare.Status)
    assert get_args(jobs.State) == fam.WEB_STATES
    assert web_compare.SIDES == fam.COMPARE_SIDES


@pytest.mark.parametrize("table", [LABELS, MESSAGES], ids=["labels", "messages"])
def test_every_text_exists_in_both_languages_with_the_same_parameters(
    table: dict[str, tuple[str, str]],
) -> None:
    for key, texts in table.items():
        assert isinstance(texts, tuple) and len(texts) == 2, key
        zh, en = texts
        assert isinstance(zh, str) and isinstance(en, str), key
        assert bool(zh) == bool(en), key
        for text in (zh, en):  # each a valid template; a language may leave a parameter out
            assert all(name.isidentifier() for name in fields(text)), key


def test_english_counts_take_their_plural() -> None:
    assert (
        label("cli.issue_count", "en", count=1) == "The input has 1 problem; nothing was written:"
    )
    assert (
        label("cli.issue_count", "en", count=3) == "The input has 3 problems; nothing was written:"
    )
    assert label("cli.issue_count", "zh", count=1) == "输入有 1 处问题，未写入任何文件："
    assert (
        label("verify.ok", "en", path="out", count=1) == "out: the one file matches manifest.json"
    )
    assert label("verify.ok", "en", path="out", count=9) == "out: all 9 files match manifest.json"
    assert message("missing_sheet", "en", sheet="县区") == "sheet '县区' is missing"


def test_no_module_chooses_a_language_itself() -> None:
    """Texts differ by language only in the catalog: no ``lang == "zh"`` branch elsewhere."""
    branches = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent.name == "text":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"""lang\s*[!=]=|[!=]=\s*["'](zh|en)["']""", line):
                branches.append(f"{path.name}:{number}")
    assert branches == []


def test_every_text_fills_in_as_the_plural_aware_formatter_fills_it() -> None:
    """label/message fill a template with str.format unless it may hold a plural form
    ("|"): every text of the catalog comes out as the formatter that knows plurals gives it."""
    from roadfund.text import _FORMATTER

    checked = 0
    for texts, fill in ((LABELS, label), (MESSAGES, message)):
        for key, pair in texts.items():
            for lang, template in zip(("zh", "en"), pair, strict=True):
                names = fields(template)
                if not names:
                    continue
                params = {name: "1" for name in names}  # a count too (plural forms)
                assert fill(key, lang, **params) == _FORMATTER.format(template, **params)
                checked += 1
    assert checked > 300
