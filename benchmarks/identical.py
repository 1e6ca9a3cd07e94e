"""Every output of a set of years, written into one folder — to compare two commits byte for byte.

    python benchmarks/identical.py OUT                   # this tree's outputs into OUT
    (cd /tmp/base && PYTHONPATH=/tmp/base python /work/.../benchmarks/identical.py /tmp/before)
    python benchmarks/identical.py --compare /tmp/before /tmp/after

The years: the shipped samples (2023, 2024) and random synthetic years
(``roadfund.samples.synth``) under four policies — the shipped coefficient method, the
work-need column, the factor method and the offset settlement — each run with
``roadfund run`` (every output file), ``roadfund explain --json`` for every county, and
``roadfund whatif`` on a few scenarios. The CLI runs in this process (click's runner), so
``PYTHONPATH`` decides which tree is run.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import roadfund

ROOT = Path(roadfund.__file__).resolve().parent.parent
"""The tree being run (PYTHONPATH decides): its shipped inputs are used."""
SEEDS = (1, 7, 2023, 4242)
POLICIES = {
    "coefficient": "",
    "need-column": 'need = "column"',
    "factor": "factor",
    "offset": "offset",
}
SCENARIOS = """
[[scenario]]
name = "六四开"
daily_share = "0.60"

[[scenario]]
name = "村道减半"
matching_floor = "0.35"
road_class_weights = { "村道" = "0.5" }

[[scenario]]
name = "优1.5"
performance = { bands = [
  { min_score = "90", coefficient = "1.5", grade = "优" },
  { min_score = "80", coefficient = "1.0", grade = "良" },
  { min_score = "60", coefficient = "0.8", grade = "中" },
  { min_score = "0",  coefficient = "0",   grade = "差" },
] }
"""


def policy_text(kind: str) -> str:
    text = (ROOT / "inputs" / "policy.toml").read_text(encoding="utf-8")
    if kind == "need-column":
        text = text.replace('need = "mileage"', 'need = "column"')
    elif kind == "offset":
        text = text.replace('settlement_mode = "remit"', 'settlement_mode = "offset"')
    elif kind == "factor":
        start = text.index('method = "coefficient"')
        end = text.index("]\n", text.index("bands = [")) + 2
        text = (
            text[:start]
            + 'method = "factor"\nmin_score = "60"\n'
            + 'factors = { score = "0.4", need = "0.35", mileage = "0.25" }\n'
            + text[end:]
        )
    return text


def invoke(args: list[str]) -> str:
    from click.testing import CliRunner

    from roadfund.cli import cli

    result = CliRunner().invoke(cli, args)
    if result.exit_code not in (0, 3):
        raise SystemExit(f"{args}: exit {result.exit_code}\n{result.output}")
    return result.output


def one_case(out: Path, name: str, source: Path, policy: Path) -> None:
    from roadfund.reader.load import load_year

    case = out / name
    case.mkdir(parents=True)
    invoke(["run", str(source), "--policy", str(policy), "--out", str(case / "run")])
    loaded = load_year(source, policy)
    explained = []
    for county in loaded.year_input.counties:
        for extra in ([], ["--json"], ["--lang", "en"]):
            explained.append(
                invoke(
                    [
                        "explain",
                        str(source),
                        "--policy",
                        str(policy),
                        "--county",
                        county.code,
                        *extra,
                    ]
                )
            )
    (case / "explain.txt").write_text("\n".join(explained), encoding="utf-8")
    scenarios = out / "scenarios.toml"
    if not scenarios.exists():
        scenarios.write_text(SCENARIOS, encoding="utf-8")
    if "factor" not in name:  # the scenarios' bands replace a coefficient method's
        invoke(
            [
                "whatif",
                str(source),
                "--policy",
                str(policy),
                "--scenarios",
                str(scenarios),
                "--out",
                str(case / "whatif"),
            ]
        )


def generate(out: Path) -> None:
    from roadfund.writers.template import write_synth

    out.mkdir(parents=True)
    work = out / "_inputs"
    work.mkdir()
    for year in (2023, 2024):
        one_case(
            out,
            f"sample-{year}",
            ROOT / "inputs" / f"sample-{year}.xlsx",
            ROOT / "inputs" / "policy.toml",
        )
    for seed in SEEDS:
        source = work / f"synth-{seed}.xlsx"
        write_synth(source, counties=5 + seed % 23, projects=12, cost_lines=40, seed=seed)
        for kind in POLICIES:
            policy = work / f"policy-{kind}.toml"
            policy.write_text(policy_text(kind), encoding="utf-8")
            one_case(out, f"synth-{seed}-{kind}", source, policy)
    shutil.rmtree(work)


def compare(before: Path, after: Path) -> int:
    names = sorted(
        {p.relative_to(before) for p in before.rglob("*") if p.is_file()}
        | {p.relative_to(after) for p in after.rglob("*") if p.is_file()}
    )
    differ = [n for n in names if not (before / n).is_file() or not (after / n).is_file()]
    differ += [
        n
        for n in names
        if n not in differ and (before / n).read_bytes() != (after / n).read_bytes()
    ]
    for name in differ:
        print("differs:", name)
    print(f"{len(names)} files compared, {len(differ)} differ")
    return 1 if differ else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, nargs="?")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.compare:
        sys.exit(compare(*args.compare))
    if args.out is None:
        parser.error("give OUT or --compare BEFORE AFTER")
    generate(args.out)


if __name__ == "__main__":
    main()
