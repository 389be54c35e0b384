"""Hypothesis profiles: CI replays the same examples every run; local runs keep exploring.

A fresh CI clone has no example database, so a random search there meets a rare
failing case only by chance and landing becomes a lottery. The ``ci`` profile
derandomizes (the examples follow from each test's source alone), keeps no
database and drops the deadline (a loaded runner is slow, not wrong). Locally the
``default`` profile searches anew each run and remembers what failed in
``.hypothesis/``; a case found there is pinned with ``@example`` so that CI sees it.

``HYPOTHESIS_PROFILE`` names the profile outright; otherwise a truthy ``CI``
(CI runs ``bash .ci/run`` with ``CI=true``) picks ``ci``.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "default"))
