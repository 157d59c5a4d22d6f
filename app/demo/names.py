"""Plausible Chinese personal names drawn from a frequency-weighted surname list."""

from __future__ import annotations

import random

from app.domain.enums import Gender

# Surname and relative frequency (roughly national, a little northern/Shanxi-weighted).
# The rare and tricky ones (曾 单 解 仇 翟 欧阳 司马) are there on purpose: their pinyin and
# stroke order exercise the sort and search keys.
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 7.1), ("李", 7.0), ("张", 6.8), ("刘", 5.4), ("陈", 2.6), ("杨", 3.1), ("赵", 2.9),
    ("黄", 1.0), ("周", 1.2), ("吴", 1.2), ("徐", 1.1), ("孙", 1.3), ("胡", 1.0), ("朱", 0.9),
    ("高", 1.3), ("林", 0.4), ("何", 0.6), ("郭", 2.0), ("马", 1.2), ("罗", 0.5), ("梁", 0.9),
    ("宋", 1.0), ("郑", 0.8), ("谢", 0.4), ("韩", 1.0), ("唐", 0.4), ("冯", 0.9), ("于", 0.6),
    ("董", 0.8), ("程", 0.6), ("曹", 0.7), ("袁", 0.5), ("许", 0.5), ("沈", 0.3), ("曾", 0.3),
    ("彭", 0.3), ("吕", 0.5), ("苏", 0.5), ("卢", 0.4), ("蒋", 0.3), ("蔡", 0.3), ("贾", 0.9),
    ("丁", 0.5), ("魏", 0.7), ("薛", 0.6), ("叶", 0.3), ("阎", 0.3), ("潘", 0.3), ("杜", 0.6),
    ("戴", 0.3), ("夏", 0.3), ("田", 0.6), ("任", 0.6), ("姜", 0.4), ("范", 0.5), ("方", 0.3),
    ("石", 0.5), ("姚", 0.4), ("金", 0.2), ("郝", 0.6), ("白", 0.4), ("崔", 0.5), ("康", 0.3),
    ("毛", 0.3), ("秦", 0.4), ("史", 0.4), ("侯", 0.4), ("孟", 0.4), ("段", 0.4), ("雷", 0.2),
    ("尹", 0.2), ("常", 0.4), ("武", 0.6), ("乔", 0.4), ("贺", 0.3), ("牛", 0.4), ("申", 0.4),
    ("靳", 0.3), ("原", 0.2), ("栗", 0.15), ("路", 0.2), ("霍", 0.2), ("裴", 0.2), ("樊", 0.2),
    ("闫", 0.4), ("暴", 0.1), ("连", 0.1), ("鲍", 0.1), ("单", 0.1), ("解", 0.1), ("仇", 0.05),
    ("翟", 0.15), ("欧阳", 0.05), ("司马", 0.04),
)  # fmt: skip

_MALE_CHARS = (
    "伟强军平刚勇杰涛明超斌鹏波辉磊峰建华国庆文志海林东亮宏晓俊飞宇浩凯健鑫晨旭瑞栋"
    "忠春保福贵生兵江金永德昌成立云山新跃胜利民兴龙泽锋振毅学宁海洋斌彬晋锦荣光耀"
)
_FEMALE_CHARS = (
    "丽芳娟敏静艳霞燕玲红梅莉娜婷琳慧颖琴雪洁萍英秀兰凤华云晓佳欣悦璐瑶倩妍蕾月丹莹"
    "菲薇媛珍桂芬琼宁晶洁春萌蓉雅思怡婧"
)


class NameMaker:
    """Draws names from the weighted surname list; never returns the same name twice."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._surnames = [s for s, _ in SURNAMES]
        self._weights = [w for _, w in SURNAMES]
        self._taken: set[str] = set()

    def name(self, gender: Gender) -> str:
        chars = _FEMALE_CHARS if gender is Gender.FEMALE else _MALE_CHARS
        rng = self._rng
        while True:
            surname = rng.choices(self._surnames, self._weights)[0]
            if rng.random() < 0.4:
                given = rng.choice(chars)
            else:
                given = rng.choice(chars) + rng.choice(chars)
                if given[0] == given[1] and rng.random() < 0.7:
                    continue  # 叠字 names exist but are rarer
            full = surname + given
            if full not in self._taken:
                self._taken.add(full)
                return full

    def reserve(self, name: str) -> None:
        self._taken.add(name)
