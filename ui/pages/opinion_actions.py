"""The steps of a 社情民意信息 as buttons: 编发, 上报, 登记采用, 撤回上报, 领导批示, 不采用. Each
opens a small dialog and calls ``OpinionService``, which refuses what is not allowed now (e.g.
adoption by a level the item was not forwarded to) with a Chinese message shown as a warning."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, Any

from app.domain.enums import ForwardLevel
from app.domain.fields import FieldSpec, Kind
from app.domain.schema import INSTRUCTION, OPINION, OPINION_FORWARD
from app.models import OpinionReport
from app.services.opinions import OpinionService
from ui.framework.action_dialog import step_date
from ui.theme import colour

if TYPE_CHECKING:
    from ui.pages.opinions import OpinionsPage

OP, F = OPINION.fields, OPINION_FORWARD.fields
REASON = FieldSpec("note", "不采用理由", Kind.LONGTEXT, required=True)


class OpinionActions:
    """The workflow buttons of an ``OpinionsPage``."""

    def __init__(self, page: OpinionsPage) -> None:
        self.page = page
        self.ctx = page.ctx

    @property
    def svc(self) -> OpinionService:
        return self.page.service  # type: ignore[return-value]

    def buttons(self) -> list[tuple[str, Callable[[], Any], str]]:
        return [
            ("编发", self.issue, "本级采用：编入本会《社情民意》，填写年份和期号"),
            ("上报", self.forward, "上报市政协、省政协或全国政协（每一级登记一次）"),
            ("登记采用", self.adopt, "登记上级政协采用（须先上报该级）"),
            ("撤回上报", self.withdraw, "撤销误录的上报（已采用的不能撤销）"),
            ("领导批示", self.instruct, "登记领导对这篇信息的批示"),
            ("不采用", self.archive, "不编发、不上报，存档并注明理由"),
        ]

    def _current(self) -> OpinionReport | None:
        record_id = self.page.current_id()
        if record_id is None or self.page.bin_toggle.isChecked():
            self.ctx.dialogs.info("社情民意", "请先在列表中选中一篇信息。")
            return None
        return self.svc.get(record_id)

    def _run(self, title: str, o: OpinionReport, specs: list[FieldSpec],
             call: Callable[[dict[str, Any], int], Any], *, note: str = "",
             **form: Any) -> Any:
        """The step's dialog; ``call(data, version)`` runs it on the version read here."""
        def intro_of(report: OpinionReport) -> str:
            done = "；".join(
                f"{f.forwarded_on}上报{f.level.label}" + ("（已采用）" if f.adopted else "")
                for f in report.forwards)
            intro = (f"<b>{escape(report.title)}</b><br>当前：<b>{escape(report.status.label)}</b>"
                     + (f"　{escape(done)}" if done else ""))
            if note:
                intro += f"<br><span style='color:{colour('muted')}'>{escape(note)}</span>"
            return intro

        return self.page.run_action(title, specs, call, intro=intro_of(o), record=o,
                                    reload=lambda: self.svc.get(o.id), rtype=OPINION,
                                    intro_of=intro_of, **form)

    def issue(self) -> None:
        o = self._current()
        if o is None:
            return
        issued = step_date(o.received_on)
        self._run("编发", o, [OP["issued_on"], OP["bulletin_year"], OP["bulletin_no"]],
                  lambda d, v: self.svc.issue(self.ctx.actor, o.id, d["issued_on"],
                                           d["bulletin_year"], d["bulletin_no"], version=v),
                  values={"issued_on": issued, "bulletin_year": issued.year},
                  hints={"bulletin_no": "本会《社情民意》当年的期号，如第12期填 12"})

    def forward(self) -> None:
        o = self._current()
        if o is None:
            return
        done = {f.level for f in o.forwards}
        level = next((lv for lv in ForwardLevel if lv not in done), ForwardLevel.CITY)
        self._run("上报", o, [F["level"], F["forwarded_on"]],
                  lambda d, v: self.svc.forward(self.ctx.actor, o.id, d["level"], d["forwarded_on"],
                                                version=v),
                  values={"level": level, "forwarded_on": step_date(o.issued_on, o.received_on)},
                  note="同一篇信息报送多级的，每一级分别登记一次。")

    def adopt(self) -> None:
        o = self._current()
        if o is None:
            return
        waiting = [f for f in o.forwards if not f.adopted]
        first = waiting[0] if waiting else None
        self._run("登记采用", o, [F["level"], F["adopted_on"], F["outlet"]],
                  lambda d, v: self.svc.record_adoption(self.ctx.actor, o.id, d["level"],
                                                     d["adopted_on"], d["outlet"], version=v),
                  values={"level": first.level if first else None,
                          "adopted_on": step_date(first.forwarded_on if first else None,
                                                  o.received_on)},
                  hints={"level": "哪一级政协采用（须已上报该级）",
                         "outlet": "如《每日社情》《政协信息》《社情民意专报》"},
                  note="只能登记已上报层级的采用；采用和上报分别统计。")

    def withdraw(self) -> None:
        o = self._current()
        if o is None:
            return
        last = o.forwards[-1].level if o.forwards else None
        self._run("撤回上报", o, [F["level"]],
                  lambda d, v: self.svc.withdraw_forward(self.ctx.actor, o.id, d["level"],
                                                         version=v),
                  values={"level": last}, note="用于撤销误录的上报；已被采用的不能撤回。")

    def instruct(self) -> None:
        o = self._current()
        if o is None:
            return
        i = INSTRUCTION.fields
        self._run("领导批示", o, [i["level"], i["leader"], i["instructed_on"], i["gist"]],
                  lambda d, v: self.svc.add_instruction(self.ctx.actor, o.id, d["level"],
                                                     d["leader"], d["instructed_on"], d["gist"],
                                                        version=v),
                  values={"instructed_on": step_date(
                      o.received_on, *(f.adopted_on for f in o.forwards))})

    def archive(self) -> None:
        o = self._current()
        if o is None:
            return
        self._run("不采用", o, [REASON],
                  lambda d, v: self.svc.archive(self.ctx.actor, o.id, d["note"], version=v),
                  note="存档不采用的信息不再编发或上报；理由记入备注。")
