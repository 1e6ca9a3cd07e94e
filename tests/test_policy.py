"""The policy file (SPEC §4.2): periods by year; every bad key or value named with file and key."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from roadfund.issues import InputError
from roadfund.policy import parse_policy, select_period
from roadfund.reader.policy import load_policy

SHIPPED = Path(__file__).resolve().parent.parent / "inputs" / "policy.toml"


def shipped_text() -> str:
    return SHIPPED.read_text(encoding="utf-8")


def problems(text: str, lang: str = "zh") -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_policy(tomllib.loads(text), "policy.toml")
    return [i.render(lang) for i in caught.value.issues]  # type: ignore[arg-type]


def test_shipped_policy_is_the_2023_plan() -> None:
    period = select_period(load_policy(SHIPPED), 2023, "policy.toml")
    assert period.reference == "景府发〔2022〕7号"
    assert (str(period.daily_share), str(period.performance_share)) == ("7/10", "3/10")
    assert str(period.matching_floor) == "3/10"
    assert period.city_units == ("市本级机关", "应急中心", "建保中心")


def test_latest_period_not_after_the_year_is_used() -> None:
    later = shipped_text().replace(
        "[[period]]\nfrom_year = 2023", "[[period]]\nfrom_year = 2026", 1
    )
    text = shipped_text() + "\n" + later.split("# Every key is required")[1].split("\n", 1)[1]
    policy = parse_policy(tomllib.loads(text), "policy.toml")
    assert [p.from_year for p in policy.periods] == [2023, 2026]
    assert policy.period_for(2025).from_year == 2023  # type: ignore[union-attr]
    assert policy.period_for(2026).from_year == 2026  # type: ignore[union-attr]
    with pytest.raises(InputError) as caught:
        select_period(policy, 2022, "policy.toml")
    assert caught.value.issues[0].render() == (
        "policy.toml: 政策文件中没有适用于 2022 年的时段（最早的时段从 2023 年起）"
    )


def test_a_misspelt_key_is_an_error_with_a_hint() -> None:
    text = shipped_text().replace("daily_share =", "daly_share =")
    assert problems(text) == [
        "policy.toml: period[1].daily_share: 缺少键「daily_share」",
        "policy.toml: period[1].daly_share: 未知的键「daly_share」（daily_share?）",
    ]


def test_shares_must_add_up_to_one() -> None:
    text = shipped_text().replace('performance_share = "0.30"', 'performance_share = "0.35"')
    assert problems(text, "en") == [
        "policy.toml: period[1]: daily_share and performance_share add up to 1.05; they must add up to 1"
    ]


def test_bad_values_are_named() -> None:
    text = (
        shipped_text()
        .replace('matching_floor = "0.30"', "matching_floor = 0.3")
        .replace('settlement_mode = "remit"', 'settlement_mode = "refund"')
        .replace('"村道" = "1"', '"村道" = "-1"')
    )
    found = problems(text, "en")
    assert (
        "policy.toml: period[1].matching_floor: value '0.3' is not valid; expected a decimal string from 0 to 1 (e.g. \"0.30\")"
        in found
    )
    assert any(
        p.startswith("policy.toml: period[1].settlement_mode: value 'refund' is not valid")
        for p in found
    )
    assert any(
        p.startswith("policy.toml: period[1].road_class_weights.村道: value '-1'") for p in found
    )


def test_bands_must_cover_every_score() -> None:
    text = shipped_text().replace('{ min_score = "0",  coefficient = "0",   grade = "差" },', "")
    assert problems(text, "en") == [
        'policy.toml: period[1].performance: expected a band with min_score = "0" so every score has a grade'
    ]


def test_syntax_error_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "policy.toml"
    bad.write_text("[[period]\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_policy(bad)
    assert caught.value.issues[0].code == "policy_syntax_line"
    assert (
        caught.value.issues[0]
        .render()
        .startswith("policy.toml: TOML 语法错误，第 1 行「[[period]」：")
    )
    with pytest.raises(InputError) as caught:
        load_policy(tmp_path / "none.toml")
    assert caught.value.issues[0].render("en") == "none.toml: file not found"
