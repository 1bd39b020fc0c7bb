"""Adds the index `entries_account_idx` on `entries (account)`, built CONCURRENTLY.

Needed by: 2.0.0 (it looks entries up by account); harmless to 1.0.x. CONCURRENTLY builds the index without blocking
writes, as a zero-downtime migration must, but PostgreSQL refuses it inside a transaction block, so it runs in
alembic's autocommit block: the transaction alembic opened for this migration is committed first, the statement runs
on its own, and a new transaction records the revision. A failed concurrent build leaves an INVALID index behind; IF
NOT EXISTS would keep it, so the upgrade drops a left-over invalid one before building again.

Downgrade: DROP INDEX CONCURRENTLY, in the autocommit block as well.
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.get_context().autocommit_block():
        op.execute(
            "DO $$ BEGIN "
            "IF EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE c.relname = 'entries_account_idx' AND NOT i.indisvalid) THEN "
            "DROP INDEX entries_account_idx; END IF; END $$"
        )
        op.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS entries_account_idx ON entries (account)")


def downgrade():
    with op.get_context().autocommit_block():
        op.execute("DROP INDEX CONCURRENTLY IF EXISTS entries_account_idx")
