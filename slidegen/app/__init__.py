"""The command line around the pipeline: options, configuration, the run, reports, --watch.

Importing this package is the first thing a command-line run does, so the collector is set
here, before the imports: importing and building allocate millions of small objects that live
to the end, few of them in cycles. Collecting every 700 allocations (Python's default) cost
about 5 % of an 800-slide build and found next to nothing; peak memory is the same either way
(150 MB). Every 10,000 it also collects three times less often while the modules are imported.
The regular expressions those imports compile are taken from the last run's
(`compiled_patterns`).
"""

import gc

gc.set_threshold(10_000, 10, 10)

from slidegen import compiled_patterns  # noqa: E402

compiled_patterns.install()
