"""Adds the column `currency` with a default, so existing rows and old writers get 'EUR'.

Needed by: 1.0.1 (it writes and reads the currency). 1.0.0 keeps working on it: its inserts leave the column out and
get the default. On PostgreSQL 11 and later a constant default is stored in the catalogue, so the ALTER does not
rewrite the table: it is quick whatever the number of rows (it still takes a short ACCESS EXCLUSIVE lock).

Downgrade: drops the column; the currencies written meanwhile are lost.
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE entries ADD COLUMN currency text NOT NULL DEFAULT 'EUR'")


def downgrade():
    op.execute("ALTER TABLE entries DROP COLUMN currency")
