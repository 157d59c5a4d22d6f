"""Every enumeration of the domain, each value with its one Chinese label.

Values (stored in the database) are short English codes; ``.label`` is what a person sees.
The UI, Excel headers and reports all read labels from here, never spell them again.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Self


class LabeledEnum(StrEnum):
    """A ``StrEnum`` whose members are declared as ``CODE = "code", "中文标签"``."""

    _value_: str
    label: str

    if TYPE_CHECKING:  # the members are declared as (code, label); their value is the code
        @property
        def value(self) -> str: ...
    else:  # and mypy types ``Kind("code")`` as the value lookup it is
        def __new__(cls, value: str, label: str) -> Self:
            obj = str.__new__(cls, value)
            obj._value_ = value
            obj.label = label
            return obj

    @classmethod
    def from_label(cls, text: str) -> Self | None:
        """The member whose label or code equals ``text`` (surrounding spaces ignored)."""
        text = text.strip()
        for member in cls:
            if text in (member.label, member.value):
                return member
        return None

    @classmethod
    def labels(cls) -> list[str]:
        return [m.label for m in cls]


class CommitteeLevel(LabeledEnum):
    COUNTY = "county", "县级"
    CITY = "city", "市级"


class Gender(LabeledEnum):
    MALE = "male", "男"
    FEMALE = "female", "女"


class CppccPost(LabeledEnum):
    CHAIR = "chair", "主席"
    VICE_CHAIR = "vice_chair", "副主席"
    SECRETARY_GENERAL = "secretary_general", "秘书长"
    DEPUTY_SECRETARY_GENERAL = "deputy_secretary_general", "副秘书长"
    STANDING = "standing", "常委"
    MEMBER = "member", "委员"


class TermOrigin(LabeledEnum):
    ELECTION = "election", "换届产生"
    ADDITION = "addition", "增补"


class LeftReason(LabeledEnum):
    RESIGNED = "resigned", "辞去"
    REVOKED = "revoked", "撤销"
    REMOVED = "removed", "免去"
    DECEASED = "deceased", "去世"
    TERM_END = "term_end", "届满"


class UnitKind(LabeledEnum):
    OFFICE = "office", "办公室"
    SPECIAL_COMMITTEE = "special_committee", "专门委员会"
    RESEARCH_CENTER = "research_center", "研究中心"
    SECTOR_GROUP = "sector_group", "界别组"
    LIAISON_GROUP = "liaison_group", "乡镇联络组"
    MEMBER_HOME = "member_home", "委员之家"
    MEMBER_STUDIO = "member_studio", "委员工作室"
    OTHER = "other", "其他"


class UnitRole(LabeledEnum):
    DIRECTOR = "director", "主任"
    DEPUTY_DIRECTOR = "deputy_director", "副主任"
    CONVENER = "convener", "召集人"
    GROUP_LEADER = "group_leader", "组长"
    LIAISON_OFFICER = "liaison_officer", "联络员"
    MEMBER = "member", "成员"


class EventFamily(LabeledEnum):
    MEETING = "meeting", "会议"
    CONSULTATION = "consultation", "协商"
    INSPECTION = "inspection", "视察调研"
    OVERSIGHT = "oversight", "民主监督"
    STUDY = "study", "学习培训"
    SERVICE = "service", "服务为民"
    HISTORY = "history", "文史"
    OUTREACH = "outreach", "联谊宣传"
    OTHER = "other", "其他"


class ParticipationRole(LabeledEnum):
    PARTICIPANT = "participant", "参加"
    HOST = "host", "主持"
    SPEAKER = "speaker", "发言"
    LEADER = "leader", "带队"
    WRITTEN_SPEECH = "written_speech", "书面发言"


class Attendance(LabeledEnum):
    PRESENT = "present", "出席"
    EXCUSED = "excused", "请假"
    ABSENT = "absent", "缺席"


class OutcomeKind(LabeledEnum):
    CONSULTATION_REPORT = "consultation_report", "协商报告"
    RESEARCH_REPORT = "research_report", "调研报告"
    INSPECTION_REPORT = "inspection_report", "视察报告"
    SUGGESTION = "suggestion", "建议"
    APPRAISAL = "appraisal", "评议意见"
    FORMAL_RECOMMENDATION = "formal_recommendation", "建议案"


class ProposalType(LabeledEnum):
    INDIVIDUAL = "individual", "个人"
    JOINT = "joint", "联名"
    COLLECTIVE = "collective", "集体"


class ReviewStatus(LabeledEnum):
    PENDING = "pending", "待审查"
    ACCEPTED = "accepted", "立案"
    REJECTED = "rejected", "不予立案"
    MERGED = "merged", "并案"
    CONVERTED = "converted", "转意见建议"
    WITHDRAWN = "withdrawn", "撤案"


class ProposalStage(LabeledEnum):
    """Where a proposal stands, derived from its review status and assignments."""

    PENDING = "pending", "待审查"
    ACCEPTED = "accepted", "立案"
    ASSIGNED = "assigned", "交办"
    REPLIED = "replied", "答复"
    EVALUATED = "evaluated", "评价"
    CLOSED = "closed", "办结"
    REJECTED = "rejected", "不予立案"
    MERGED = "merged", "并案"
    CONVERTED = "converted", "转意见建议"
    WITHDRAWN = "withdrawn", "撤案"


class AssignmentRole(LabeledEnum):
    LEAD = "lead", "主办"
    ASSIST = "assist", "协办"
    JOINT = "joint", "会办"
    SEPARATE = "separate", "分办"


class ReplyClass(LabeledEnum):
    A = "A", "A类（已解决或基本解决）"
    B = "B", "B类（正在解决或列入计划）"
    C = "C", "C类（暂不能解决、留作参考）"
    D = "D", "D类（其他）"


class Satisfaction(LabeledEnum):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class SupervisionLevel(LabeledEnum):
    PARTY_GOV_LEADER = "party_gov_leader", "党政领导领衔督办"
    CPPCC_LEADER = "cppcc_leader", "政协领导督办"
    SPECIAL_COMMITTEE = "special_committee", "专委会督办"
    PROPOSALS_COMMITTEE = "proposals_committee", "提案委日常督办"
    INSPECTION_OFFICE = "inspection_office", "督查室督办"
    UNIT = "unit", "承办单位督办"


class OpinionStatus(LabeledEnum):
    RECEIVED = "received", "已收集"
    EDITING = "editing", "编辑中"
    ISSUED = "issued", "已编发"
    ARCHIVED = "archived", "不采用"


class ForwardLevel(LabeledEnum):
    CITY = "city", "市政协"
    PROVINCE = "province", "省政协"
    NATIONAL = "national", "全国政协"


class LeaderLevel(LabeledEnum):
    COUNTY = "county", "县级领导"
    CITY = "city", "市级领导"
    PROVINCE = "province", "省级领导"
    NATIONAL = "national", "国家级领导"


class HonorLevel(LabeledEnum):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    INTERNAL = "internal", "政协内部"


class PlatformLevel(LabeledEnum):
    """Where a 协商议事 platform sits (有事来商量: township 议事会, village/community 议事室)."""

    TOWNSHIP = "township", "乡镇（街道）"
    VILLAGE = "village", "村"
    COMMUNITY = "community", "社区"
    MEMBER_HOME = "member_home", "委员之家"


class MediaLevel(LabeledEnum):
    """The level of a news outlet that reported on the committee's work."""

    CENTRAL = "central", "中央级"
    PROVINCIAL = "provincial", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"


class ScoreGrade(LabeledEnum):
    """履职考核 grades, best first."""

    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    COMPETENT = "competent", "称职"
    POOR = "poor", "不称职"


class GradeMode(LabeledEnum):
    POINTS = "points", "按分数"
    SHARE = "share", "按比例"


class DecisionBody(LabeledEnum):
    """Who decided a manual 加分/扣分."""

    STANDING_COMMITTEE = "standing_committee", "常委会议"
    CHAIR_MEETING = "chair_meeting", "主席会议"


class UserRole(LabeledEnum):
    ADMIN = "admin", "管理员"
    CLERK = "clerk", "录入员"
    READONLY = "readonly", "只读"


class AuditAction(LabeledEnum):
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    RESTORE = "restore", "恢复"
    PURGE = "purge", "彻底删除"
    IMPORT = "import", "导入"
    GENERATE = "generate", "生成文稿"
    EXPORT = "export", "导出"
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"


class RefList(LabeledEnum):
    """User-editable reference lists kept in the ``ref_values`` table."""

    PARTY = "party", "党派"
    ETHNICITY = "ethnicity", "民族"
    EDUCATION = "education", "学历"
    DEGREE = "degree", "学位"
    TITLE_LEVEL = "title_level", "职称级别"
    EMPLOYER_TYPE = "employer_type", "单位性质"
    PROPOSAL_CATEGORY = "proposal_category", "提案类别"
    OPINION_CATEGORY = "opinion_category", "信息类别"


class BackupKind(LabeledEnum):
    """Why a backup was made; the code is part of the backup's file name."""

    DAILY = "daily", "每日"
    BEFORE_IMPORT = "before-import", "导入前"
    BEFORE_MIGRATION = "before-migration", "升级前"
    BEFORE_RESTORE = "before-restore", "恢复前"
    MANUAL = "manual", "手动"
    STARTUP = "startup", "启动时"
