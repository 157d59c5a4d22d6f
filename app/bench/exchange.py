"""Benchmark: importing a 2,000-row roster as an office keeps it (title rows, header aliases,
padded names, dates in every form, identity numbers as text), timed against openpyxl reading
the same file in read-only mode.

Each timed run imports into its own copy of the benchmark database, made beforehand, so that
every run creates the 2,000 members (with the backup an import always makes first: copied
and verified in a thread while the file is read and checked).
"""

from __future__ import annotations

import atexit
import datetime as dt
import random
import shutil
import tempfile
from pathlib import Path

from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from app.bench.harness import Runner, Target, case
from app.db.engine import Database
from app.models import Sector, Term
from app.services.opening import open_database
from app.services.terms import configured_term_id
from app.text.idcard import check_character
from app.text.numerals import cn_number

ROWS = 2000
RUNS = 6  # the harness's warm-up run and five timed runs
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文海波宁云飞鹏"
_PARTIES = ["中共党员", "中共", "民盟盟员", "民革", "九三学社社员", "无党派", "群众", "民建会员"]
_EDUCATION = ["大学本科", "研究生", "大专", "硕士研究生", "大学", "中专"]
_POSTS = ["县人民医院院长", "实验中学教师", "城关镇农业服务中心主任", "示范集团有限公司董事长",
          "县律师事务所主任", "县融媒体中心记者"]


def _date_text(rng: random.Random, day: dt.date) -> object:
    forms = [f"{day:%Y.%m}", f"{day.year}年{day.month}月", f"{day:%Y%m}", f"{day.year}-{day.month}",
             day, f"{day:%Y-%m-%d}"]
    return rng.choice(forms)


def write_roster(path: Path, term_text: str, sectors: list[str], rows: int = ROWS,
                 seed: int = 7) -> Path:
    """A roster workbook with two title rows, a header of common aliases and ``rows`` members."""
    rng = random.Random(seed)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["政协委员名册"])
    ws.append(["（按姓氏笔画为序）"])
    ws.append(["序号", "委员姓名", "性别", "民族", "出生年月", "政治面貌", "学历", "单位及职务",
               "届次", "界别", "常委", "联系电话", "身份证号码"])
    used: set[tuple[str, int]] = set()
    for n in range(1, rows + 1):
        while True:
            name = rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(["", *_GIVEN])
            birth = dt.date(rng.randint(1955, 1990), rng.randint(1, 12), rng.randint(1, 28))
            if (name, birth.year * 100 + birth.month) not in used:
                used.add((name, birth.year * 100 + birth.month))
                break
        female = rng.random() < 0.3
        sequence = rng.randrange(0, 500) * 2 + (0 if female else 1)
        first17 = f"140428{birth:%Y%m%d}{sequence:03d}"
        number = first17 + check_character(first17)
        shown = name if len(name) > 2 else f"{name[0]}  {name[1]}"
        sector = rng.choice(sectors)
        ws.append([n, shown, "女" if female else "男", "汉族", _date_text(rng, birth),
                   rng.choice(_PARTIES), rng.choice(_EDUCATION), rng.choice(_POSTS), term_text,
                   sector.removesuffix("界") if rng.random() < 0.3 else sector,
                   "√" if rng.random() < 0.15 else "", f"13{rng.randrange(10**9):09d}",
                   number.lower() if rng.random() < 0.2 else number])
    wb.save(path)
    return path


@case("导入：委员名册2000行",
      "命令行导入2000行名册（读取、校验、写入，含导入前备份），基线为openpyxl只读读取同一文件",
      repeat=RUNS - 1,
      # 4.0–7.1× on city-decade (load-dependent), 3.0× on the county demo (2026-12-07,
      # branch import2); branch import3: ≈2.7× in CPU of the importing thread with a core
      # free, 3.4–7.2× wall on the loaded machine; branch import4 (load 4–7, alternated with
      # main): 2.4–5.0× against main's 3.2–7.3×, the importing thread's CPU 20–32 % lower
      # (docs/BENCHMARKS.md): the bound is 2.5× the worst branch ratio, rounded up
      target=Target(2, known_miss="#15", ceiling=13))
def bench_roster_import(db: Database) -> tuple[Runner, Runner]:
    from app.exchange.apply import import_file
    from app.services.context import SYSTEM

    folder = Path(tempfile.mkdtemp(prefix="zxlz-bench-import-"))
    atexit.register(shutil.rmtree, folder, True)
    with db.reader() as session:
        term_id = configured_term_id(session)
        term = session.get(Term, term_id) if term_id is not None else None
        sectors = list(session.scalars(select(Sector.name).where(Sector.deleted_at.is_(None))))
    term_text = f"第{cn_number(term.number)}届" if term else ""
    roster = write_roster(folder / "roster.xlsx", term_text, sectors)
    assert db.file_path is not None
    copies = []
    for n in range(RUNS):
        target = folder / f"copy{n}.sqlite"
        shutil.copy(db.file_path, target)
        copies.append(target)
    queue = iter(copies)

    def measured() -> object:
        target = next(queue)
        copy = open_database(target, migrate=False, seed=False)
        try:
            result = import_file(copy, roster, "members", SYSTEM)
            assert len(result.created) == ROWS, result.summary()
        finally:
            copy.dispose()
            target.unlink(missing_ok=True)
        return result

    def baseline() -> object:
        wb = load_workbook(roster, read_only=True, data_only=True)
        ws = wb.worksheets[0]
        rows = sum(1 for _ in ws.iter_rows(values_only=True))
        wb.close()
        return rows

    return measured, baseline
