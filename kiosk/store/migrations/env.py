"""Alembic environment: runs on the connection handed over by kiosk.store.migrate.upgrade."""

from alembic import context
from sqlalchemy import create_engine

from kiosk.settings import get_settings
from kiosk.store.schema import Base

config = context.config
connection = config.attributes.get("connection")


def _run(conn) -> None:
    context.configure(
        connection=conn,
        target_metadata=Base.metadata,
        render_as_batch=conn.dialect.name == "sqlite",  # SQLite alters tables by copying them
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:  # plain `alembic` command line: use the configured database
    with create_engine(get_settings().effective_database_url).begin() as conn:
        _run(conn)
