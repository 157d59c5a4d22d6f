"""Benchmarks: one package that imports the features, never imported by them.

``harness`` times each case next to its baseline (``python main.py bench``); one module per area
registers its cases with ``@case``: ``stats`` (demo generation, the year's figures), ``exchange``
(the Excel import), ``reports`` (the drafts), ``scoring`` (履职考核). The client's cases live in
``ui/bench_cases.py`` (``app`` never imports Qt) and join the harness from ``main.py``.
"""
