"""Commands beyond run/check/template, each in its own module; ``register`` adds them all.

Each module defines one click command and imports its heavy libraries inside the
command function, so ``roadfund --help`` stays fast.
"""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    """Add every command module's command to the top-level group (one line each)."""
    from roadfund.commands import compare, explain, verify, web, whatif

    group.add_command(explain.explain)
    group.add_command(compare.compare)
    group.add_command(whatif.whatif)
    group.add_command(verify.verify)
    group.add_command(web.web)
