"""How a roadfund process ends (roadfund.cli.process): the quick exit loses nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from roadfund.cli.process import exit_status

ROOT = Path(__file__).resolve().parents[1]


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT
    )


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (3, 3), (130, 130)])
def test_exit_status_is_what_sys_exit_gives(code: object, status: int) -> None:
    assert exit_status(code) == status


def test_a_text_exit_is_printed_and_gives_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert exit_status("用法错误") == 1
    assert capsys.readouterr().err == "用法错误\n"


def test_quick_exit_runs_atexit_handlers_and_flushes_unterminated_output() -> None:
    done = _python(
        "import atexit, sys\n"
        "atexit.register(lambda: print('atexit ran'))\n"
        "from roadfund.cli.process import exit_now\n"
        "sys.stdout.write('no newline, still buffered')\n"
        "sys.stderr.write('on stderr')\n"
        "exit_now(3)\n"
    )
    assert done.returncode == 3
    assert done.stdout == "no newline, still bufferedatexit ran\n"
    assert done.stderr == "on stderr"


def test_quick_exit_waits_for_another_running_thread() -> None:
    done = _python(
        "import threading, time\n"
        "from roadfund.cli.process import exit_now\n"
        "def late():\n"
        "    time.sleep(0.3)\n"
        "    print('thread finished', flush=True)\n"
        "threading.Thread(target=late).start()\n"
        "exit_now(0)\n"
    )
    assert done.returncode == 0
    assert done.stdout == "thread finished\n"


def test_a_real_run_through_the_console_entry_keeps_its_output_and_status(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "roadfund", "run", "inputs/sample-2023.xlsx", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert "13,507,575.62" in done.stdout  # 昌江区's total, in the table printed last
    assert (out / "manifest.json").is_file()
    failed = subprocess.run(
        [sys.executable, "-m", "roadfund", "check", str(tmp_path / "missing.xlsx")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert failed.returncode == 1
    assert "找不到文件" in failed.stderr


def test_unwritable_stdout_gives_120_as_python_itself_does() -> None:
    """stdout buffered (as it is unless PYTHONUNBUFFERED), the write fails only at the
    exit's flush: Python then exits 120, and so does the quick exit."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    code = "import sys\n{}sys.stdout.write('lost')\n{}"
    quick = code.format("from roadfund.cli.process import exit_now\n", "exit_now(0)\n")
    with open("/dev/full", "w") as full:
        ours = subprocess.run(
            [sys.executable, "-c", quick], stdout=full, env=env, timeout=60, cwd=ROOT
        )
        plain = subprocess.run(
            [sys.executable, "-c", code.format("", "")], stdout=full, env=env, timeout=60
        )
    assert ours.returncode == plain.returncode == 120
