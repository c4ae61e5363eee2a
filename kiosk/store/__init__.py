"""Persistence: SQLAlchemy over SQLite (default) or any database URL, schema by Alembic."""

from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade
from kiosk.store.transient import StoreUnavailable

__all__ = ["StoreUnavailable", "make_engine", "upgrade"]
