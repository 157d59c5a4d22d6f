"""Who acts, and what changed: the two things every service call carries in and out."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from app.domain.enums import UserRole
from app.errors import PermissionDeniedError

T = TypeVar("T")


@dataclass(frozen=True)
class Actor:
    """The signed-in user on whose behalf a service acts."""

    username: str
    role: UserRole = UserRole.ADMIN
    display_name: str = ""

    def require_write(self) -> None:
        if self.role == UserRole.READONLY:
            raise PermissionDeniedError(f"用户“{self.username}”是只读用户，不能修改数据。")

    def require_admin(self, what: str) -> None:
        if self.role != UserRole.ADMIN:
            raise PermissionDeniedError(f"只有管理员可以{what}。")


SYSTEM = Actor("system", UserRole.ADMIN, "系统")


@dataclass
class Changes:
    """Ids of changed records per entity (table name), e.g. ``{"members": {12}}``.

    ``initiator`` is whoever asked for the write (a page, set with ``initiated_by``), or None:
    the initiator has already shown the write's result itself, so a listener that *is* the
    initiator may skip the broadcast, and every other listener refreshes once (as Anki's
    operations carry theirs). It is not part of what changed (not compared)."""

    entities: dict[str, set[int]] = field(default_factory=dict)
    initiator: object | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, entity: str, ids: Iterable[int]) -> Changes:
        return cls({entity: set(ids)})

    def add(self, entity: str, *ids: int) -> Changes:
        self.entities.setdefault(entity, set()).update(ids)
        return self

    def merge(self, other: Changes) -> Changes:
        for entity, ids in other.entities.items():
            self.add(entity, *ids)
        return self

    def concerns(self, *entities: str) -> bool:
        return any(e in self.entities for e in entities)

    def __bool__(self) -> bool:
        return bool(self.entities)


@dataclass
class Result(Generic[T]):
    """What a write returns: the saved record (detached) and what changed."""

    value: T
    changes: Changes


_listeners: list[Callable[[Changes], None]] = []
_lock = threading.Lock()


def subscribe(listener: Callable[[Changes], None]) -> Callable[[], None]:
    """Be told of every committed change; returns a function that unsubscribes."""
    with _lock:
        _listeners.append(listener)

    def unsubscribe() -> None:
        with _lock:
            if listener in _listeners:
                _listeners.remove(listener)

    return unsubscribe


# While a use case runs several service calls in one transaction (``app.services.setup``), the
# calls' broadcasts are held here and sent once, after the commit: listeners never see a change
# that may still be rolled back.
_held: ContextVar[Changes | None] = ContextVar("held_changes", default=None)
_initiator: ContextVar[object | None] = ContextVar("change_initiator", default=None)


@contextmanager
def initiated_by(initiator: object) -> Iterator[None]:
    """Writes published inside the block name ``initiator`` in their broadcast (same thread
    only: a worker thread's writes carry none, so every listener refreshes)."""
    token = _initiator.set(initiator)
    try:
        yield
    finally:
        _initiator.reset(token)


@contextmanager
def held_changes() -> Iterator[Changes]:
    """Collect what ``publish`` is given inside the block instead of sending it; the caller
    publishes the collected changes after its commit (nothing is sent if the block raises)."""
    collected = Changes()
    token = _held.set(collected)
    try:
        yield collected
    finally:
        _held.reset(token)


def publish(changes: Changes) -> None:
    """Called by services after a commit. Listeners must not raise; errors are logged."""
    if not changes:
        return
    held = _held.get()
    if held is not None:
        held.merge(changes)
        return
    initiator = _initiator.get()
    if initiator is not None and changes.initiator is None:
        changes = Changes(changes.entities, initiator)
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        try:
            listener(changes)
        except Exception:  # a broken page must not undo a committed write
            import logging

            logging.getLogger(__name__).exception("change listener failed")
