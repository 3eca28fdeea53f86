"""The shared storage suite (tests/unit/storage/storage_contract.py) against S3."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "unit" / "storage"))

from storage_contract import *  # noqa: E402, F403

pytestmark = pytest.mark.s3
