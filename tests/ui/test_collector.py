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


def test_a_full_collection_waits_while_a_report_or_an_import_runs() -> None:
    from app.gc_pause import collector_paused, in_burst

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        thresholds = gc.get_threshold()
        gc.set_threshold(thresholds[0], 1, 1)  # two generation-1 collections: 2 is due
        collected: list[int] = []
        gc.callbacks.append(lambda phase, info: phase == "start"
                            and collected.append(info["generation"]))
        try:
            junk = [[] for _ in range(thresholds[0] * 5)]
            gc.collect()
            gc.collect(1)
            gc.collect(1)
            assert collector.due_generation() == 2
            with collector_paused():
                assert in_burst()
                assert collector.collect_if_due() == 1
                assert collected[-1] == 1
            assert not in_burst()
            gc.collect(1)
            gc.collect(1)
            assert collector.due_generation() == 2
            assert collector.collect_if_due() == 2
            assert collected[-1] == 2
            del junk
        finally:
            gc.callbacks.pop()
            gc.set_threshold(*thresholds)
    finally:
        if was_enabled:
            gc.enable()
