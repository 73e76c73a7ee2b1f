"""The declarative base, the constraint naming convention and shared column types."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from enum import Enum as PyEnum

from sqlalchemy import DateTime, Enum, MetaData
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _system_time() -> datetime:
    return datetime.now(UTC)


# Where the time comes from: the system's, except in tests, whose `clock` fixture replaces it
# here (the one place), so every column default and service sees the same moment.
clock: Callable[[], datetime] = _system_time


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return clock()


def new_change_token() -> str:
    """A fresh change token (`change_token` on frameworks and programs): never seen before."""
    return uuid.uuid4().hex


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC that always comes back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; use curriculum.db.utcnow()")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def value_enum(cls: type[PyEnum], length: int) -> Enum:
    """A column type storing a Python enum by its values as plain text (no database enum type,
    so adding a member needs no migration of the type)."""
    return Enum(
        cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
    )


class Base(DeclarativeBase):
    """Base of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
