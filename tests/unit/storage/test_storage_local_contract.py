"""The shared storage suite (storage_contract.py) against the local folder backend."""

from storage_contract import *  # noqa: F403
