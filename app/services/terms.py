"""Committee settings, terms (届) and plenary sessions (次会议)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.domain.enums import AuditAction
from app.domain.schema import COMMITTEE, SESSION, TERM
from app.errors import ConflictError, FieldProblem
from app.models import CommitteeSettings, PlenarySession, Term
from app.services import audit
from app.services.context import Actor, Changes, Result, publish
from app.services.crud import FilterFn, RecordService, SortFn
from app.services.validation import clean
from app.services.versions import require_version, write_lock
from app.text.numerals import cn_number


def term_name(term: Term) -> str:
    return f"第{cn_number(term.number)}届"


def session_name(term: Term, session: PlenarySession) -> str:
    """十届四次会议"""
    return f"{cn_number(term.number)}届{cn_number(session.number)}次会议"


def _dates_in_order(values: dict[str, Any], current: Any, label: str) -> list[FieldProblem]:
    start = values.get("start_on", getattr(current, "start_on", None))
    end = values.get("end_on", getattr(current, "end_on", None))
    if start and end and end < start:
        return [FieldProblem("end_on", label, end, f"早于开始日期{start:%Y-%m-%d}")]
    return []


class TermService(RecordService[Term]):
    model = Term
    rtype = TERM
    default_sort = "number"

    def load(self, stmt: Select[Any]) -> Select[Any]:
        return stmt.options(selectinload(Term.sessions))

    def sorts(self) -> dict[str, SortFn]:
        return {"id": lambda: [Term.id], "number": lambda: [Term.number]}

    def describe(self, obj: Term) -> str:
        return term_name(obj)

    def check(self, session: Session, values: dict[str, Any], current: Term | None
              ) -> list[FieldProblem]:
        problems = _dates_in_order(values, current, TERM.label_of("end_on"))
        number = values.get("number")
        if number is not None:
            stmt = select(Term).where(Term.number == number, Term.deleted_at.is_(None))
            if current is not None:
                stmt = stmt.where(Term.id != current.id)
            if session.scalars(stmt).first():
                problems.append(FieldProblem("number", TERM.label_of("number"), number,
                                             "该届次已存在"))
        return problems


class SessionService(RecordService[PlenarySession]):
    model = PlenarySession
    rtype = SESSION
    default_sort = "number"

    def sorts(self) -> dict[str, SortFn]:
        return {"id": lambda: [PlenarySession.id],
                "number": lambda: [PlenarySession.term_id, PlenarySession.number]}

    def filters(self) -> dict[str, FilterFn]:
        return {"term_id": lambda v: PlenarySession.term_id == v}

    def load(self, stmt: Select[Any]) -> Select[Any]:
        return stmt.options(selectinload(PlenarySession.term))

    def describe(self, obj: PlenarySession) -> str:
        return session_name(obj.term, obj) if obj.term else f"第{obj.number}次会议"

    def check(self, session: Session, values: dict[str, Any], current: PlenarySession | None
              ) -> list[FieldProblem]:
        problems = _dates_in_order(values, current, SESSION.label_of("end_on"))
        term_id = values.get("term_id", getattr(current, "term_id", None))
        number = values.get("number", getattr(current, "number", None))
        stmt = select(PlenarySession).where(
            PlenarySession.term_id == term_id, PlenarySession.number == number,
            PlenarySession.deleted_at.is_(None))
        if current is not None:
            stmt = stmt.where(PlenarySession.id != current.id)
        if number is not None and session.scalars(stmt).first():
            problems.append(FieldProblem("number", SESSION.label_of("number"), number,
                                         "本届已有这一次会议"))
        return problems


def configured_term_id(session: Session) -> int | None:
    """The term set as 当前届次 in 系统设置; None when none is set.

    Writes that need a term the clerk did not name (an imported member's seat, a proposal
    without 届次) take this one and never guess: with none set they ask for it."""
    settings = session.scalars(select(CommitteeSettings)).first()
    return settings.current_term_id if settings else None


def current_term_id(session: Session) -> int | None:
    """当前届次 for what is shown: the term set in 系统设置, or when none is set the latest
    term (highest 届次, deleted ones left out); None when there is no term at all."""
    configured = configured_term_id(session)
    if configured is not None:
        return configured
    return session.scalars(select(Term.id).where(Term.deleted_at.is_(None))
                           .order_by(Term.number.desc())).first()


class CommitteeService:
    """The single settings row: committee region, level, founding year, current term."""

    def __init__(self, db: Any) -> None:
        self.db = db

    def get(self) -> CommitteeSettings:
        with self.db.reader() as session:
            settings = session.scalars(select(CommitteeSettings)).first()
            if settings is None:
                raise LookupError("committee settings missing: database was not seeded")
            return settings

    def configured_term_id(self) -> int | None:
        """``configured_term_id``: the term set in 系统设置, or None."""
        with self.db.reader() as session:
            return configured_term_id(session)

    def current_term_id(self) -> int | None:
        """``current_term_id``: the term set in 系统设置, or else the latest term."""
        with self.db.reader() as session:
            return current_term_id(session)

    def update(self, actor: Actor, data: dict[str, Any], *, version: int
               ) -> Result[CommitteeSettings]:
        """Change the settings read at ``version``: another administrator's change since is a
        ``ConflictError`` and nothing is written."""
        actor.require_admin("修改政协基本信息")
        require_version(version)
        try:
            return self._update(actor, data, version)
        except StaleDataError as exc:
            raise self._conflict(version) from exc

    def _conflict(self, version: int) -> ConflictError:
        current = self.get()
        return ConflictError(
            f"{COMMITTEE.label}已被其他用户修改（当前版本{current.version}，您打开的是版本"
            f"{version}）。为免覆盖对方的修改，本次修改未保存，请重新载入后再操作。",
            entity="committee_settings", record_id=current.id,
            current_version=current.version, your_version=version)

    def _update(self, actor: Actor, data: dict[str, Any], version: int
                ) -> Result[CommitteeSettings]:
        with self.db.session() as session:
            write_lock(session)
            settings = session.scalars(select(CommitteeSettings).with_for_update(key_share=True)
                                       .execution_options(populate_existing=True)).one()
            if settings.version != version:
                raise self._conflict(version)
            values, problems = clean(session, COMMITTEE, data, current=settings)
            if problems:
                from app.errors import ValidationError

                raise ValidationError(problems, COMMITTEE.label)
            diff = {k: (getattr(settings, k), v) for k, v in values.items()
                    if getattr(settings, k) != v}
            for name, value in values.items():
                setattr(settings, name, value)
            audit.record(session, actor, AuditAction.UPDATE, COMMITTEE, settings.id,
                         "修改政协基本信息", diff)
        changes = Changes.of("committee_settings", [settings.id])
        publish(changes)
        return Result(self.get(), changes)

    def committee_name(self, term: Term | None = None) -> str:
        """政协第十届长子县委员会 (or 政协长子县委员会 without a term)."""
        settings = self.get()
        if term is None:
            return f"政协{settings.region}委员会"
        return f"政协{term_name(term)}{settings.region}委员会"
