"""履职考核: yearly rule sets, scores derived from the records, explained item by item.

Qt-free. ``rules`` keeps each year's rule set, ``engine`` computes every member's score of a
year in a handful of set-based queries, ``grading`` turns totals into grades, ``adjustments``
records the manual 加分/扣分 of the 常委会议 or 主席会议.
"""
