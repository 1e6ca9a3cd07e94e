"""Province scale: synthetic years of any size are valid, deterministic and conserve money;
``roadfund --help`` does not import the heavy libraries, nor a run what other commands use."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadfund.cli import cli
from roadfund.engine import compute
from roadfund.reader.load import load_year
from roadfund.samples.synth import CITY_UNITS, synth_rows, synth_year_input
from roadfund.schema import CENTER_COSTS, COUNTIES, PROJECTS, SOURCES
from roadfund.writers.template import write_synth

ROOT = Path(__file__).resolve().parent.parent
POLICY = ROOT / "inputs" / "policy.toml"


def test_same_seed_same_rows_other_seed_other_rows() -> None:
    assert synth_rows(30, 10, 20, seed=5) == synth_rows(30, 10, 20, seed=5)
    assert synth_rows(30, 10, 20, seed=5) != synth_rows(30, 10, 20, seed=6)


def test_rows_have_the_promised_shape() -> None:
    rows = synth_rows(50, 12, 40, seed=1)
    counties = rows[COUNTIES.name]
    codes = [c["县区代码"] for c in counties]
    assert len(codes) == len(set(codes)) == 50
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    branches = {c["分中心名称"] for c in counties}
    assert len(branches) == 50
    assert len(rows[PROJECTS.name]) == 12 and len(rows[CENTER_COSTS.name]) == 40
    assert {line["单位"] for line in rows[CENTER_COSTS.name]} <= branches | set(CITY_UNITS)
    provincial = next(s for s in rows[SOURCES.name] if s["代码"] == "provincial")
    assert provincial["基础补助（元）"] + provincial["奖励（元）"] == provincial["下达金额（元）"]
    for project in rows[PROJECTS.name]:
        parts = sum(project[k] for k in ("省级补助（元）", "市级配套（元）", "县级配套（元）"))
        assert project["实际投入总额（元）"] >= parts > 0


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 100-county synthetic year written with the template writer, next to the policy."""
    folder = tmp_path_factory.mktemp("province")
    path = folder / "province.xlsx"
    write_synth(path, counties=100, projects=60, cost_lines=250, seed=2023)
    (folder / "policy.toml").write_bytes(POLICY.read_bytes())
    return path


def test_a_province_passes_check(province: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(province), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Input is valid" in result.output


def test_a_province_conserves_every_pool(province: Path) -> None:
    """Each source: daily + performance = received − deduction; each pool's county
    amounts add up to it exactly; the settlement reconciles."""
    loaded = load_year(province)
    assert len(loaded.year_input.counties) == 100
    result = compute(loaded.year_input, loaded.period)
    for source in result.allocation.sources:
        assert (
            source.daily_pool + source.performance_pool == source.received - source.city_deduction
        )
        assert sum(s.amount for s in source.daily.values()) == source.daily_pool
        assert sum(s.amount for s in source.performance.values()) == source.performance_pool
        assert all(s.amount >= 0 for s in source.performance.values())
    assert result.settlement.reconciles


def test_the_workbook_is_byte_reproducible(province: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.xlsx"
    write_synth(again, counties=100, projects=60, cost_lines=250, seed=2023)
    assert again.read_bytes() == province.read_bytes()


def test_in_memory_year_is_the_workbook_year(province: Path) -> None:
    loaded = load_year(province).year_input
    memory = synth_year_input(100, 60, 250, seed=2023)
    for field in ("sources", "counties", "mileage", "performance", "projects", "center_costs"):
        strip = [row.model_copy(update={"row": 0}) for row in getattr(loaded, field)]
        assert strip == [row.model_copy(update={"row": 0}) for row in getattr(memory, field)]


def test_a_province_runs(province: Path, tmp_path: Path) -> None:
    """`roadfund run` writes every output; allocations.csv adds up to each pool."""
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", str(province), "--out", str(out)])
    assert result.exit_code == 0, result.output
    pools = {s.code: s.received - s.city_deduction for s in load_year(province).year_input.sources}
    sums: dict[str, int] = {}
    for line in (out / "allocations.csv").read_text(encoding="utf-8").splitlines()[1:]:
        source, total = line.split(",")[1], line.split(",")[-1]
        sums[source] = sums.get(source, 0) + round(Decimal(total) * 100)
    assert sums == pools


def test_one_county_and_nothing_else_is_still_valid(tmp_path: Path) -> None:
    path = tmp_path / "one.xlsx"
    write_synth(path, counties=1, projects=0, cost_lines=0, seed=0)
    (tmp_path / "policy.toml").write_bytes(POLICY.read_bytes())
    loaded = load_year(path)
    result = compute(loaded.year_input, loaded.period)
    code = loaded.year_input.counties[0].code
    for source in result.allocation.sources:
        assert source.total(code) == source.received - source.city_deduction


HEAVY = ("polars", "pydantic", "openpyxl", "xlsxwriter", "numpy", "defusedxml")


def test_help_does_not_import_heavy_libraries() -> None:
    """`roadfund --help` loads click and our light modules only (it must answer fast)."""
    code = (
        "import sys\n"
        "from roadfund.cli import cli\n"
        "try:\n"
        "    cli(['--help'], prog_name='roadfund')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines()[-1] == "[]"
    assert "whatif" in out


# What other commands use, which a run of the sample (the import-floor benchmark's run,
# replacing its earlier output with --force) must not pay to import.
NOT_FOR_A_RUN = (
    "roadfund.engine.compare",
    "roadfund.engine.sweep",
    "roadfund.writers.comparison",
    "roadfund.writers.template",
    "roadfund.writers.whatif",
    "roadfund.web",
    "flask",
    "waitress",
)


def test_a_run_imports_only_what_it_uses(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = (
        "import sys\n"
        "from roadfund.cli import cli\n"
        f"args = ['run', {str(ROOT / 'inputs' / 'sample-2023.xlsx')!r}, '--out', {str(out)!r}]\n"
        "for extra in ([], ['--force']):\n"  # the second replaces the first's folder
        "    try:\n"
        "        cli(args + extra, prog_name='roadfund')\n"
        "    except SystemExit as stop:\n"
        "        assert stop.code in (0, None), stop.code\n"
        f"print(sorted(m for m in {NOT_FOR_A_RUN!r} if m in sys.modules))\n"
    )
    # from the tree under test (python -c puts the working directory first on sys.path)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert (out / "manifest.json").is_file()
    assert done.stdout.splitlines()[-1] == "[]"
