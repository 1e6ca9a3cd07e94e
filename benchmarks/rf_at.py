"""``python benchmarks/rf_at.py TREE ARGS...``: run roadfund's CLI (``roadfund.cli.main``)
from the checkout TREE rather than the installed package, for before/after timings of two
commits in one loop (``python -m roadfund`` would import the current folder's package
whatever ``PYTHONPATH`` says: ``-m`` and ``-c`` put the current folder first).

    git archive 4cca525 | tar -x -C /tmp/base
    python benchmarks/rf_at.py /tmp/base run inputs/sample-2023.xlsx --out /tmp/o --force
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    tree = str(Path(sys.argv[1]).resolve())
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f)]
    sys.path.insert(0, tree)
    sys.argv = ["roadfund", *sys.argv[2:]]
    import roadfund
    from roadfund.cli import main as roadfund_main

    if not str(roadfund.__file__).startswith(tree):
        raise SystemExit(f"roadfund came from {roadfund.__file__}, not {tree}")
    roadfund_main()


if __name__ == "__main__":
    main()
