"""Baseline: the table `entries` as every release of the reference service reads it.

Needed by: every release (1.0.0 on). The service itself creates this table at its start when it is missing, so the
baseline must work whether or not the table is already there: CREATE TABLE IF NOT EXISTS, nothing else. A database
that a service created before alembic was used is thus taken over as it is.

Downgrade: nothing. Below the baseline there is no schema alembic manages; dropping `entries` would destroy every
entry for no gain (the service would create it again, empty). Downgrading to base therefore only removes alembic's
record of the revision (the row of alembic_version); the table and its data stay.
"""
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "CREATE TABLE IF NOT EXISTS entries ("
        "seq bigserial primary key, "
        "id text unique not null, "
        "account text, "
        "amount bigint, "
        "created_at timestamptz default now())"
    )


def downgrade():
    pass
