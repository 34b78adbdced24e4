"""HiGHS solver instances, made one way: quiet, and all on the same number of threads.

HiGHS runs one thread scheduler per process, sized by the first instance that solves. From
HiGHS 1.16 an instance asking for another thread count refuses to run ("the scheduler has
already been initialized"), so every instance, PuLP's included, asks for THREADS.
"""

from __future__ import annotations

import highspy
import pulp

THREADS = 1  # the models here are small enough that one thread is fastest (and repeatable)


def new_highs(**options: float | str) -> highspy.Highs:
    """A quiet HiGHS instance with THREADS threads and the given options."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", THREADS)
    for option, value in options.items():
        h.setOptionValue(option, value)
    return h


def pulp_highs(**options) -> pulp.HiGHS:
    """PuLP's in-process HiGHS interface, quiet, with THREADS threads."""
    return pulp.HiGHS(msg=False, threads=THREADS, **options)
