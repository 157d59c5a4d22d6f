"""The handling chain of the 提案 page as buttons: each opens a small dialog for one step and
calls the workflow service, which refuses a step that is not allowed now with a Chinese message
(shown as a warning; nothing changes)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, Any

from app.domain.enums import AssignmentRole, ReviewStatus, Satisfaction
from app.domain.schema import INSTRUCTION, PROPOSAL, PROPOSAL_ASSIGNMENT, SUPERVISION
from app.models import Proposal
from app.services.crud import ListQuery
from app.services.proposals import ProposalService, add_months, number_text, stage
from app.services.validation import InvalidValueError, parse_date
from ui.framework.action_dialog import step_date
from ui.framework.editor import RecordEditor
from ui.theme import colour

if TYPE_CHECKING:
    from ui.pages.proposals import ProposalsPage

P, PA = PROPOSAL.fields, PROPOSAL_ASSIGNMENT.fields


class ProposalActions:
    """The workflow buttons of a ``ProposalsPage``."""

    def __init__(self, page: ProposalsPage) -> None:
        self.page = page
        self.ctx = page.ctx

    @property
    def svc(self) -> ProposalService:
        return self.page.service  # type: ignore[return-value]

    def buttons(self) -> list[tuple[str, Callable[[], Any], str]]:
        return [
            ("审查", self.review, "登记审查结果：立案、不予立案、并案、转意见建议或撤案"),
            ("交办", self.assign, "交办给承办单位（主办、协办、会办或分办），办理期限默认三个月"),
            ("答复", self.reply, "登记承办单位的答复：日期、办理结果（A/B/C类）、文号"),
            ("评价", self.evaluate, "登记提案人对答复的评价：满意、基本满意或不满意"),
            ("办结", self.close, "各承办单位答复并经评价后办结"),
            ("重新办理", self.rehandle, "答复被评价为不满意时，交承办单位重新办理"),
            ("撤销交办", self.unassign, "撤销误录的交办（已答复的不能撤销）"),
            ("重点提案", self.set_key, "确定或取消重点提案，填写督办层级和督办领导"),
            ("登记督办", self.supervise, "登记一次督办（实地督办、座谈、协商会、书面）"),
            ("领导批示", self.instruct, "登记领导对提案的批示"),
            ("优秀提案", self.excellent, "评为或取消优秀提案"),
        ]

    # ----- helpers -------------------------------------------------------------------
    def _current(self) -> Proposal | None:
        record_id = self.page.current_id()
        if record_id is None or self.page.bin_toggle.isChecked():
            self.ctx.dialogs.info("提案", "请先在列表中选中一件提案。")
            return None
        return self.svc.get(record_id)

    @staticmethod
    def _intro(p: Proposal, extra: str = "") -> str:
        text = (f"<b>{escape(number_text(p))}</b>　{escape(p.title)}<br>"
                f"当前：<b>{escape(stage(p).label)}</b>")
        return text + (f"<br><span style='color:{colour('muted')}'>{extra}</span>" if extra else "")

    def _run(self, title: str, p: Proposal, specs: list[Any],
             call: Callable[[dict, int], Any], **form: Any) -> Any:
        """The step's dialog; ``call(data, version)`` runs it on the version read here."""
        note = form.pop("note", "")
        return self.page.run_action(f"{title}：{number_text(p)}", specs, call,
                                    intro=self._intro(p, note), record=p,
                                    reload=lambda: self.svc.get(p.id), rtype=PROPOSAL,
                                    intro_of=lambda current: self._intro(current, note), **form)

    def _departments(self, p: Proposal, show: Callable[[Any], str] = lambda a: ""
                     ) -> list[tuple[str, Any]]:
        names = self.page.department_names()
        return [(f"{names.get(a.department_id, '')}（{a.role.label}{show(a)}）", a.department_id)
                for a in p.assignments]

    def _need_assignments(self, p: Proposal, what: str) -> bool:
        if p.assignments:
            return True
        self.ctx.dialogs.warning(what, f"提案“{number_text(p)}”当前为“{stage(p).label}”，尚未交办，"
                                       f"不能{what}。请先点击“交办”选择承办单位。")
        return False

    # ----- 审查 ----------------------------------------------------------------------
    def review(self) -> None:
        p = self._current()
        if p is None:
            return
        self._run("审查", p, [P["review_status"], P["reviewed_on"], P["merged_into_id"],
                             P["review_note"]],
                  lambda d, v: self.svc.review(self.ctx.actor, p.id, d["review_status"],
                                            d["reviewed_on"], d["review_note"],
                                            d["merged_into_id"], version=v),
                  values={"review_status": ReviewStatus.ACCEPTED,
                          "reviewed_on": step_date(p.submitted_on)},
                  options={"merged_into_id": lambda: self._merge_targets(p)},
                  hints={"review_status": "选“待审查”可把已审查的提案退回重新审查（仅管理员）",
                         "merged_into_id": "仅“并案”时选择：并入哪一件已立案的提案",
                         "review_note": "不予立案、转意见建议时必须填写理由"})

    def _merge_targets(self, p: Proposal) -> list[tuple[str, Any]]:
        ids = self.svc.ids(ListQuery(filters={"term_id": p.term_id,
                                              "review_status": ReviewStatus.ACCEPTED}))
        return [(f"{number_text(t)} {t.title}", t.id) for t in self.svc.fetch(ids)
                if t.id != p.id]

    # ----- 交办, 撤销交办 ------------------------------------------------------------
    def assign(self) -> None:
        p = self._current()
        if p is None:
            return
        has_lead = any(a.role == AssignmentRole.LEAD for a in p.assignments)
        start = max((a.assigned_on for a in p.assignments), default=None) or step_date(
            p.reviewed_on, p.submitted_on)
        done = "；".join(label for label, _v in self._departments(p))
        self._run("交办", p, [PA["department_id"], PA["role"], PA["assigned_on"], PA["due_on"]],
                  lambda d, v: self.svc.assign(self.ctx.actor, p.id, d["department_id"], d["role"],
                                            d["assigned_on"], d["due_on"], version=v),
                  values={"role": AssignmentRole.ASSIST if has_lead else AssignmentRole.LEAD,
                          "assigned_on": start, "due_on": add_months(start, 3)},
                  options={"department_id": self.page.options.departments},
                  hints={"due_on": "默认为交办日期后三个月；个别难度大的，最迟不超过六个月",
                         "role": "一件提案只有一个主办单位；分办时每个单位都选“分办”"},
                  note=f"已交办：{escape(done)}" if done else "",
                  setup=_due_follows_assigned)

    def unassign(self) -> None:
        p = self._current()
        if p is None or not self._need_assignments(p, "撤销交办"):
            return
        self._run("撤销交办", p, [PA["department_id"]],
                  lambda d, v: self.svc.unassign(self.ctx.actor, p.id, d["department_id"],
                                                 version=v),
                  options={"department_id": lambda: self._departments(p)},
                  values={"department_id": p.assignments[-1].department_id},
                  note="用于撤销误录的交办；已答复的单位不能撤销。")

    # ----- 答复, 评价, 重新办理 --------------------------------------------------------
    def reply(self) -> None:
        p = self._current()
        if p is None or not self._need_assignments(p, "录入答复"):
            return
        first = next((a for a in p.assignments if a.replied_on is None), p.assignments[0])
        self._run("答复", p, [PA["department_id"], PA["replied_on"], PA["reply_class"],
                             PA["reply_doc_no"]],
                  lambda d, v: self.svc.reply(self.ctx.actor, p.id, d["department_id"],
                                           d["replied_on"], d["reply_class"], d["reply_doc_no"],
                                              version=v),
                  options={"department_id": lambda: self._departments(
                      p, lambda a: "，已答复" if a.replied_on else "，未答复")},
                  values={"department_id": first.department_id,
                          "replied_on": step_date(first.assigned_on)},
                  hints={"reply_class": "A类：已解决或基本解决；B类：正在解决或列入计划；"
                                        "C类：因条件限制暂不能解决、留作参考"})

    def evaluate(self) -> None:
        p = self._current()
        if p is None or not self._need_assignments(p, "评价答复"):
            return
        first = next((a for a in p.assignments if a.replied_on and a.satisfaction is None),
                     p.assignments[0])
        self._run("评价", p, [PA["department_id"], PA["satisfaction"], PA["evaluated_on"],
                             PA["evaluation_note"]],
                  lambda d, v: self.svc.evaluate(self.ctx.actor, p.id, d["department_id"],
                                              d["satisfaction"], d["evaluated_on"],
                                              d["evaluation_note"], version=v),
                  options={"department_id": lambda: self._departments(p, _reply_state)},
                  values={"department_id": first.department_id,
                          "evaluated_on": step_date(first.replied_on, p.submitted_on)},
                  note="提案人收到答复后填写征询意见表，在此登记其评价。不满意的，"
                       "可点击“重新办理”。")

    def rehandle(self) -> None:
        p = self._current()
        if p is None or not self._need_assignments(p, "重新办理"):
            return
        first = next((a for a in p.assignments if a.satisfaction == Satisfaction.UNSATISFIED),
                     p.assignments[0])
        self._run("重新办理", p, [PA["department_id"]],
                  lambda d, v: self.svc.reopen_for_rehandling(self.ctx.actor, p.id,
                                                           d["department_id"], version=v),
                  options={"department_id": lambda: self._departments(p, _reply_state)},
                  values={"department_id": first.department_id},
                  note="重新办理会清除该单位原来的答复和评价，待其重新答复后再登记评价。")

    def close(self) -> None:
        p = self._current()
        if p is None:
            return
        latest = max((d for a in p.assignments for d in (a.evaluated_on, a.replied_on) if d),
                     default=None)
        self._run("办结", p, [P["closed_on"]],
                  lambda d, v: self.svc.close(self.ctx.actor, p.id, d["closed_on"], version=v),
                  values={"closed_on": step_date(latest, p.submitted_on)},
                  note="主办（分办）单位都已答复、提案人都已评价且无不满意时，才能办结。")

    # ----- 重点, 督办, 批示, 优秀 ------------------------------------------------------
    def set_key(self) -> None:
        p = self._current()
        if p is None:
            return
        self._run("重点提案", p, [P["is_key"], P["supervision_level"], P["supervisor"]],
                  lambda d, v: self.svc.set_key(self.ctx.actor, p.id, d["is_key"],
                                             d["supervision_level"], d["supervisor"], version=v),
                  values={"is_key": True,
                          "supervision_level": p.supervision_level, "supervisor": p.supervisor},
                  hints={"is_key": "取消勾选即取消重点提案",
                         "supervisor": "如 县委副书记王某某（领衔督办的领导姓名和职务）"})

    def supervise(self) -> None:
        p = self._current()
        if p is None:
            return
        s = SUPERVISION.fields
        self._run("登记督办", p, [s["level"], s["leader"], s["supervised_on"], s["form"],
                                 s["notes"]],
                  lambda d, v: self.svc.add_supervision(self.ctx.actor, p.id, d["level"],
                                                     d["supervised_on"], d["leader"], d["form"],
                                                     d["notes"], version=v),
                  values={"level": p.supervision_level, "leader": p.supervisor,
                          "supervised_on": step_date(
                              *(a.assigned_on for a in p.assignments), p.reviewed_on,
                              p.submitted_on)},
                  hints={"form": "如 实地督办、座谈、协商会、书面督办"})

    def instruct(self) -> None:
        p = self._current()
        if p is None:
            return
        i = INSTRUCTION.fields
        self._run("领导批示", p, [i["level"], i["leader"], i["instructed_on"], i["gist"]],
                  lambda d, v: self.svc.add_instruction(self.ctx.actor, p.id, d["level"],
                                                     d["leader"], d["instructed_on"], d["gist"],
                                                        version=v),
                  values={"instructed_on": step_date(p.reviewed_on, p.submitted_on)})

    def excellent(self) -> None:
        p = self._current()
        if p is None:
            return
        question = (f"取消提案“{number_text(p)}”的优秀提案称号？" if p.is_excellent
                    else f"把提案“{number_text(p)} {p.title}”评为优秀提案？")
        if self.ctx.dialogs.confirm("优秀提案", question):
            self.ctx.ops.call("优秀提案", self.svc.set_excellent, self.ctx.actor, p.id,
                              not p.is_excellent, version=p.version)


def _reply_state(a: Any) -> str:
    if a.satisfaction:
        return f"，{a.satisfaction.label}"
    return "，已答复" if a.replied_on else "，未答复"


def _due_follows_assigned(editor: RecordEditor) -> None:
    """The 办理期限 follows the 交办日期 (three months on) until the clerk changes it."""
    assigned, due = editor.inputs["assigned_on"], editor.inputs["due_on"]
    state = {"auto": due.value()}

    def follow(_text: str) -> None:
        if due.value() != state["auto"]:
            return  # typed by hand: keep it
        try:
            start = parse_date(assigned.value())
        except InvalidValueError:
            return
        if start is not None:
            state["auto"] = add_months(start, 3).isoformat()
            due.set_value(state["auto"])

    assigned.widget.textChanged.connect(follow)  # type: ignore[attr-defined]
