"""Persistence: SQLAlchemy over SQLite (default) or any database URL, schema by Alembic."""

from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade

__all__ = ["make_engine", "upgrade"]
