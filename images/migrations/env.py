"""Alembic's environment for the reference service's schema.

The database comes from DATABASE_URL (postgresql://user:password@host:port/database), never from a file, so one image
serves every stack. Each migration runs in a transaction of its own (transaction_per_migration), so a failing one
leaves the revision before it recorded; a migration that must run outside a transaction (CREATE INDEX CONCURRENTLY)
opens alembic's autocommit block itself.
"""
import os
import sys
from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine, pool

# alembic.ini's logging: alembic's INFO lines ("Running upgrade 0001 -> 0002") on stderr, the output a drill keeps.
if context.config.config_file_name is not None:
    fileConfig(context.config.config_file_name)


def database_url():
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        sys.exit("DATABASE_URL is not set: give the database as postgresql://user:password@host:5432/database")
    if not url.startswith(("postgresql://", "postgresql+psycopg2://", "postgres://")):
        sys.exit("DATABASE_URL must start with postgresql:// (this image speaks to PostgreSQL through psycopg2)")
    # SQLAlchemy 1.4 no longer reads the short scheme postgres:// that some tools write.
    return "postgresql://" + url.split("://", 1)[1] if url.startswith("postgres://") else url


def run_offline():
    context.configure(url=database_url(), target_metadata=None, literal_binds=True, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online():
    engine = create_engine(database_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=None, transaction_per_migration=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
