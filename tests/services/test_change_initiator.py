"""A write's broadcast names who asked for it (``initiated_by``), so that page can skip it."""

from __future__ import annotations

import threading

from app.services.context import Changes, held_changes, initiated_by, publish, subscribe
from app.services.terms import TermService


def test_a_write_inside_initiated_by_names_its_initiator(db, actor) -> None:
    heard: list[Changes] = []
    unsubscribe = subscribe(heard.append)
    page = object()
    try:
        with initiated_by(page):
            TermService(db).create(actor, {"number": 9, "start_on": "2016-12-20"})
        TermService(db).create(actor, {"number": 10, "start_on": "2021-12-20"})
    finally:
        unsubscribe()
    assert [c.initiator for c in heard] == [page, None]
    assert all(c.concerns("terms") for c in heard)


def test_held_changes_and_other_threads() -> None:
    heard: list[Changes] = []
    unsubscribe = subscribe(heard.append)
    page = object()
    try:
        with initiated_by(page):
            with held_changes() as held:
                publish(Changes.of("members", [1]))
            assert heard == []  # held until the caller's commit
            publish(held)
            worker = threading.Thread(target=lambda: publish(Changes.of("members", [2])))
            worker.start()
            worker.join()
    finally:
        unsubscribe()
    assert [(c.entities, c.initiator) for c in heard] == [({"members": {1}}, page),
                                                         ({"members": {2}}, None)]
    assert Changes.of("members", [1]) == Changes({"members": {1}}, page)  # not compared
