"""Drops the column `created_at`: a destructive migration.

Needed by: 2.0.0, which runs on 0002 to 0004 and no longer reads created_at. Releases 1.0.x read created_at and fail on
this schema: roll the release back first, and the schema with it (downgrade -1) only after.

Downgrade: re-adds `created_at timestamptz default now()`. The old values are gone for good: every row, old or new,
gets the time of the downgrade. Only a restore from a backup taken before the upgrade brings them back.
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE entries DROP COLUMN created_at")


def downgrade():
    op.execute("ALTER TABLE entries ADD COLUMN created_at timestamptz DEFAULT now()")
