"""Join the resource-files and harvest branches into one head.

Revision ID: 0003_merge
Revises: 0002_files, 0002_harvest
Create Date: 2026-11-30
"""

revision = "0003_merge"
down_revision = ("0002_files", "0002_harvest")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
