"""The domain model (DESIGN §2) as typed SQLAlchemy 2 classes; import from here."""

from app.db.base import Base
from app.models.event import Event, EventKind, Outcome, Participation
from app.models.member import Member, MemberTerm
from app.models.opinion import Instruction, OpinionForward, OpinionReport, OpinionSubmitter
from app.models.org import (
    CommitteeSettings,
    Department,
    PlenarySession,
    RefValue,
    Sector,
    Term,
    Unit,
    UnitMembership,
)
from app.models.platform import Platform, PlatformSession, PlatformSessionMember
from app.models.proposal import (
    Proposal,
    ProposalAssignment,
    ProposalCosigner,
    SupervisionRecord,
)
from app.models.publicity import MediaReport, Publication
from app.models.scoring import ScoreAdjustment, ScoringRuleSet
from app.models.system import (
    AuditEntry,
    GeneratedDocument,
    Honor,
    ScoringRule,
    SecurityPolicy,
    User,
)

__all__ = [
    "AuditEntry",
    "Base",
    "CommitteeSettings",
    "Department",
    "Event",
    "EventKind",
    "GeneratedDocument",
    "Honor",
    "Instruction",
    "MediaReport",
    "Member",
    "MemberTerm",
    "OpinionForward",
    "OpinionReport",
    "OpinionSubmitter",
    "Outcome",
    "Participation",
    "Platform",
    "PlatformSession",
    "PlatformSessionMember",
    "PlenarySession",
    "Proposal",
    "ProposalAssignment",
    "ProposalCosigner",
    "Publication",
    "RefValue",
    "ScoreAdjustment",
    "ScoringRule",
    "ScoringRuleSet",
    "Sector",
    "SecurityPolicy",
    "SupervisionRecord",
    "Term",
    "Unit",
    "UnitMembership",
    "User",
]
