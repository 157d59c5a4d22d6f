"""The field reference (字段说明) for template authors: every tag a template may use, with its
Chinese label, an example value (from the database when one is open) and its definition.
Printed by ``python main.py fields``, shown in the GUI, exported as Word or Excel."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app import fileio
from app.db.engine import Database
from app.errors import AppError
from app.reports.figures import breakdowns, compute, compute_breakdowns, figures
from app.reports.period import Period
from app.reports.tagschema import FIGURE_ATTRS, PREFIX_LABELS, Node, common_roots, kind_roots


@dataclass(frozen=True)
class FieldRow:
    group: str
    tag: str
    label: str
    example: str = ""
    note: str = ""


FILTER_ROWS = [
    ("{{ 236|cn }}", "中文数字", "二百三十六"), ("{{ 2|small }}", "小数目用中文", "两"),
    ("{{ 236|approx }}", "约数“N余”", "230余"), ("{{ 470|approx('jin') }}", "约数“近N”", "近500"),
    ("{{ a|percent(b) }}", "百分比", "50.7%"), ("{{ 843000|wan }}", "以万为单位", "84.3万"),
    ("{{ proposals.received|yoy }}", "与上年比较（上年没有记录时为空）", "比上年增加12件"),
    ("{{ x|cn_date }}", "中文日期", "2024年4月23日"),
    ("{{ h.title|q }}", "加引号（里面的引号改单引号）", "“全市‘三八红旗手’”"),
]  # fmt: skip


def example_values(db: Database, period: Period) -> dict[str, str]:
    """Each figure's value (and each breakdown's phrases) for ``period``: the examples."""
    out = {k: v.value.__str__() + ("%" if v.unit == "%" else "")
           for k, v in compute(db, [f.key for f in figures()], period).items()}
    for key, bv in compute_breakdowns(db, [b.key for b in breakdowns()
                                           if not b.key.startswith("session.")], period).items():
        out[key] = "、".join(f"{r.label}{r.value}{bv.unit}" for r in bv.rows[:4])
    return out


def _object_rows(group: str, prefix: str, node: Node) -> list[FieldRow]:
    rows = []
    for name, child in node.children.items():
        tag = f"{prefix}.{name}"
        if child.kind == "list" and child.item is not None:
            rows.append(FieldRow(group, f"{{% for x in {tag} %}} … {{% endfor %}}", child.label,
                                 note=child.note))
            rows += _object_rows(group, "x", child.item)
        elif child.kind == "figure":
            rows.append(FieldRow(group, f"{{{{ {tag} }}}}", child.label, note=child.note))
        elif child.kind == "object":
            rows += _object_rows(group, tag, child)
        elif child.kind == "breakdown":
            rows.append(FieldRow(group, f"{{{{ {tag}.phrases }}}}", child.label, note=child.note))
        elif child.kind == "value":
            rows.append(FieldRow(group, f"{{{{ {tag} }}}}", child.label, child.example,
                                 child.note))
    return rows


def reference_rows(kind: str | None = None, examples: dict[str, str] | None = None
                   ) -> list[FieldRow]:
    """All fields; with ``kind``, also the fields only that kind's templates have."""
    examples = examples or {}
    roots = kind_roots(kind) if kind else common_roots()
    rows: list[FieldRow] = []
    for name in ("committee", "term", "period", "session", "scope"):
        rows += _object_rows("通用：政协、届次、期间和会议", name, roots[name])
    rows += [FieldRow("通用：政协、届次、期间和会议", "{{ today }}", "今天", "2026年1月5日"),
             FieldRow("通用：政协、届次、期间和会议", "{{ speaker }}", "报告人（主席）", "吴磊")]
    order = {p: i for i, p in enumerate(dict.fromkeys(f.key.split(".")[0] for f in figures()))}
    for fig in sorted(figures(), key=lambda f: order[f.key.split(".")[0]]):
        prefix = fig.key.split(".")[0]
        group = f"指标：{PREFIX_LABELS.get(prefix, fig.group)}"
        rows.append(FieldRow(group, f"{{{{ {fig.key} }}}}",
                             f"{fig.label}（{fig.unit}）", examples.get(fig.key, ""),
                             fig.definition))
    for b in breakdowns():
        if b.key.startswith("session."):
            continue
        rows.append(FieldRow("分类统计", f"{{{{ {b.key}.phrases }}}}", b.label,
                             examples.get(b.key, ""),
                             f"{b.definition} 逐项列出：{{% for r in {b.key} %}}"
                             "{{ r.row_label }}"
                             "{{ r }}{{ r.share }}{% endfor %}；画图：{{ chart(" + b.key + ") }}"))
    for name, attr in FIGURE_ATTRS.items():
        rows.append(FieldRow("数字的写法（任一指标后加）", f"{{{{ proposals.accepted.{name} }}}}",
                             attr.label, attr.example))
    rows.append(FieldRow("数字的写法（任一指标后加）",
                         "{{ proposals.class_a.percent_of(proposals.replied) }}",
                         "占另一指标的百分比", "50.7%"))
    rows += [FieldRow("写法（过滤器）", tag, label, example) for tag, label, example in FILTER_ROWS]
    for name in ("todo", "chart", "clauses"):
        node = roots[name]
        rows.append(FieldRow("函数", name, node.label,
                             node.returns.example if node.returns else ""))
    rows += _object_rows("记录清单", "lists", roots["lists"])
    common = set(common_roots())
    for name, node in roots.items():
        if name in common:
            continue
        group = f"本类文稿专用：{node.label}"
        if node.kind == "list" and node.item is not None:
            var = {"units": "u", "categories": "c", "members": "m", "attendees": "a"}.get(name, "x")
            rows.append(FieldRow(group, f"{{% for {var} in {name} %}} … {{% endfor %}}",
                                 node.label, note=node.note))
            rows += _object_rows(group, var, _without_figure_groups(node.item))
        else:
            rows += _object_rows(group, name, node)
    return rows


def _without_figure_groups(node: Node) -> Node:
    """A 年度工作回眸 unit carries every figure group and list; the reference names them once."""
    children = {k: v for k, v in node.children.items() if k not in PREFIX_LABELS and k != "lists"}
    if len(children) < len(node.children):
        children["study.sessions"] = Node("单位自己的指标：与全会指标同名，写在 u. 后面，"
                                          "如 u.outcomes.items、u.proposals.received")
        children["lists.outcomes"] = Node("单位自己的记录清单：与 lists 下的清单同名")
    return Node(node.label, kind="object", children=children)


def format_reference(rows: list[FieldRow]) -> str:
    lines, group = [], None
    for r in rows:
        if r.group != group:
            group = r.group
            lines.append(f"\n【{group}】")
        example = f"　例：{r.example}" if r.example else ""
        lines.append(f"  {r.tag}　{r.label}{example}")
    return "\n".join(lines).lstrip("\n")


def export_reference(path: Path, rows: list[FieldRow], title: str = "模板字段说明") -> None:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from app.reports.xlsx_writer import Workbook

        wb = Workbook()
        ws = wb.add("字段说明")
        ws.header(["分组", "标记（复制到模板中）", "名称", "示例", "说明"], [26, 56, 30, 30, 80])
        ws.wrap_columns = {5}
        for r in rows:
            ws.append([r.group, r.tag, r.label, r.example, r.note])
        fileio.save_workbook(wb, path)  # the previous file survives a failure
    elif suffix == ".docx":
        from app.reports.gongwen import add_row, new_document, para, table

        doc = new_document()
        para(doc, title, "Title")
        para(doc, "把“标记”一列的文字原样复制到模板中。每个标记要一次打完、不要中途改格式；"
                  "标记里不能用中文引号。", "Normal")
        widths = [62.0, 44.0, 50.0]
        group = None
        t = None
        for r in rows:
            if r.group != group:
                group = r.group
                para(doc, group, "Heading 1")
                t = table(doc, widths, ["标记", "名称", "示例"])
            assert t is not None
            add_row(doc, t, [r.tag, r.label + (f"：{r.note}" if r.note else ""), r.example],
                    widths)
        fileio.save_document(doc, path)
    else:
        raise AppError("字段说明只能导出为 .docx 或 .xlsx 文件。")
