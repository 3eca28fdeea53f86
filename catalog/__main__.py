"""``python -m catalog`` is the ``tepian`` command."""

from catalog.cli import main

main()
