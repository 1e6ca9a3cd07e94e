"""Python's cycle collector paused while a stage allocates many objects that live on.

Every ~700 net allocations CPython runs its cycle collector, and now and then a full
collection walks every live object. A national read builds millions (the input
workbook's cells, the row models), so those full walks were a quarter of the run's
serial head (5,000 counties: 9 full collections, ~0.7 s of ~3.4 s CPU). Nothing in the
paused stages depends on cycles being freed early; reference counting frees memory as
usual, and the collection that ends the pause frees the cycles left (the workbook).

That collection is made here, of the young generations: everything a pause allocated is
young, so they hold all the cycles it left (after the read: 324,069 objects of the
workbook, 5,000 counties). Older objects were alive when the pause began; walking them
again is what the pool's full collection before its fork cost (0.11 s, collecting none).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off inside, back as it was after (also on an exception; nested
    pauses leave it off until the outermost ends, which collects the young generations)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.collect(1)
            gc.enable()
