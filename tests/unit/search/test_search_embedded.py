"""The shared backend behaviour suite, run against the embedded SQLite FTS5 backend."""

from search_suite import *  # noqa: F403
from search_suite_results import *  # noqa: F403
