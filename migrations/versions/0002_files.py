"""resources' files: upload columns on resource, link checks, preview cache

Revision ID: 0002_files
Revises: 0001
Create Date: 2026-11-30
"""

from alembic import op
import sqlalchemy as sa


revision = '0002_files'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('resource', schema=None) as batch_op:
        batch_op.add_column(sa.Column('storage_key', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('file_version', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('upload_filename', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('download_count', sa.BigInteger(), nullable=False, server_default='0'))

    op.create_table('link_check',
    sa.Column('resource_id', sa.String(length=36), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('status', sa.Integer(), nullable=True),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('content_type', sa.String(length=200), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=True),
    sa.Column('checked_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['resource_id'], ['resource.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('resource_id')
    )
    with op.batch_alter_table('link_check', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_link_check_ok'), ['ok'], unique=False)
        batch_op.create_index(batch_op.f('ix_link_check_checked_at'), ['checked_at'], unique=False)

    op.create_table('resource_preview',
    sa.Column('resource_id', sa.String(length=36), nullable=False),
    sa.Column('file_version', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('computed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['resource_id'], ['resource.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('resource_id', 'file_version')
    )


def downgrade() -> None:
    op.drop_table('resource_preview')
    with op.batch_alter_table('link_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_link_check_checked_at'))
        batch_op.drop_index(batch_op.f('ix_link_check_ok'))
    op.drop_table('link_check')
    with op.batch_alter_table('resource', schema=None) as batch_op:
        batch_op.drop_column('download_count')
        batch_op.drop_column('upload_filename')
        batch_op.drop_column('file_version')
        batch_op.drop_column('storage_key')
