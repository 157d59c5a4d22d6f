"""操作日志 page (administrators): who changed what and when, with each change's old and new
values, filters by user, record type, action and year, export, and the state of the log's hash
chain. Read-only: the services append entries; nobody edits them."""

from __future__ import annotations

from html import escape
from typing import Any

from app.domain.enums import AuditAction
from app.domain.schema import AUDIT
from app.models import AuditEntry
from app.services.audit_log import AuditLogService, entity_label
from ui.framework import html
from ui.framework.columns import Column
from ui.framework.record_page import FilterSpec, RecordPage


def _cell(value: Any) -> str:
    return escape("" if value is None else str(value))


class AuditLogPage(RecordPage[AuditEntry]):
    title = "操作日志"
    entities = ("audit_log",)
    search_hint = "搜索摘要或用户名"
    empty_hint = "还没有操作记录。每次新增、修改、删除、导入、导出和生成文稿都会记在这里。"
    default_descending = True
    read_only = True

    service_type = AuditLogService

    @property
    def log(self) -> AuditLogService:
        return self.service  # type: ignore[return-value]

    def columns(self) -> list[Column]:
        return [
            Column("at", AUDIT.label_of("at"), lambda e: f"{e.at:%Y-%m-%d %H:%M:%S}", "at", 140),
            Column("username", AUDIT.label_of("username"), lambda e: e.username, "username", 80),
            Column("action", AUDIT.label_of("action"), lambda e: e.action.label, None, 70),
            Column("entity", AUDIT.label_of("entity"), lambda e: entity_label(e.entity),
                   "entity", 90),
            Column("entity_id", AUDIT.label_of("entity_id"),
                   lambda e: "" if e.entity_id is None else e.entity_id, None, 70),
            Column("summary", AUDIT.label_of("summary"), lambda e: e.summary, None, 320),
        ]

    def filter_specs(self) -> list[FilterSpec]:
        return [
            FilterSpec("year", "年度", lambda: [(f"{y}年", y) for y in self.log.years()]),
            FilterSpec("username", AUDIT.label_of("username"),
                       lambda: [(u, u) for u in self.log.usernames()]),
            FilterSpec("entity", AUDIT.label_of("entity"), self.log.entities),
            FilterSpec("action", AUDIT.label_of("action"),
                       lambda: [(a.label, a.value) for a in AuditAction]),
        ]

    def detail_html(self, record: AuditEntry) -> str:
        parts = [html.heading(f"{record.action.label}{entity_label(record.entity)}"),
                 html.para(escape(f"{record.at:%Y-%m-%d %H:%M:%S}"), escape(record.username)),
                 html.para(escape(record.summary))]
        changes = self.log.changes(record)
        if changes:
            parts.append(html.table(["项目", "原值", "新值"],
                                    [[escape(label), _cell(old), _cell(new)]
                                     for label, old, new in changes]))
        parts.append(self._chain_note())
        return "".join(parts)

    def _chain_note(self) -> str:
        broken = self.log.chain_state()
        if broken is None:
            return html.note("日志校验：完整（每条记录的校验值与前后记录一致）。")
        return f"<p>{html.coloured(broken.message(), html.RED)}</p>"

    def open_editor(self, record_id: int | None) -> bool:
        return False  # read-only: Enter and double clicks show the detail only
