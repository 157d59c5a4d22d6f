"""Cycles are collected on the GUI thread only: a worker thread's allocations never free a
QObject (the 首页 loader hung the client that way, in QObject::connect)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject

from ui.framework import collector


def test_the_main_window_hands_collection_to_the_gui_thread(window, qtbot) -> None:
    assert not gc.isenabled()
    freed_in: list[str] = []

    class Holder:
        pass

    holder = Holder()
    holder.me = holder  # a cycle: only the collector frees it
    holder.obj = QObject()
    holder.obj.destroyed.connect(lambda: freed_in.append(threading.current_thread().name))
    del holder

    def churn() -> None:  # far past every generation's threshold
        for _ in range(5):
            junk = [[] for _ in range(gc.get_threshold()[0] * 20)]
            for item in junk:
                item.append(item)
            del junk

    worker = threading.Thread(target=churn, name="worker")
    worker.start()
    worker.join()
    assert freed_in == []  # the worker did not collect
    qtbot.waitUntil(lambda: freed_in != [], timeout=5000)
    assert freed_in == [threading.main_thread().name]


def test_the_generation_due_follows_cpythons_thresholds() -> None:
    gc.collect()
    assert collector.due_generation() in (None, 0)
    junk = [[] for _ in range(gc.get_threshold()[0] + 10)]
    assert collector.due_generation() is not None
    assert collector.collect_if_due() is not None
    del junk
