"""Every editable record type: its Chinese name and the specification of each field."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.enums import (
    AssignmentRole,
    Attendance,
    AuditAction,
    CommitteeLevel,
    CppccPost,
    DecisionBody,
    EventFamily,
    ForwardLevel,
    Gender,
    GradeMode,
    HonorLevel,
    LeaderLevel,
    LeftReason,
    MediaLevel,
    OpinionStatus,
    OutcomeKind,
    ParticipationRole,
    PlatformLevel,
    ProposalType,
    RefList,
    ReplyClass,
    ReviewStatus,
    Satisfaction,
    SupervisionLevel,
    TermOrigin,
    UnitKind,
    UnitRole,
    UserRole,
)
from app.domain.fields import REF_LABEL_LENGTH, F, FieldSpec, K, fields


@dataclass(frozen=True)
class RecordType:
    entity: str  # table name, also the key of change broadcasts
    label: str  # 委员
    fields: dict[str, FieldSpec]

    def label_of(self, name: str) -> str:
        spec = self.fields.get(name)
        return spec.label if spec else name


MEMBER = RecordType("members", "委员", fields(
    F("name", "姓名", required=True, max_length=40),
    F("gender", "性别", K.ENUM, enum=Gender),
    F("ethnicity", "民族", K.REF, ref_list=RefList.ETHNICITY, max_length=REF_LABEL_LENGTH),
    F("birth_date", "出生日期", K.DATE),
    F("native_place", "籍贯", max_length=40),
    F("party", "党派", K.REF, ref_list=RefList.PARTY, max_length=REF_LABEL_LENGTH),
    F("party_joined_on", "入党（派）时间", K.DATE),
    F("work_started_on", "参加工作时间", K.DATE),
    F("education", "学历", K.REF, ref_list=RefList.EDUCATION, max_length=REF_LABEL_LENGTH),
    F("degree", "学位", K.REF, ref_list=RefList.DEGREE, max_length=REF_LABEL_LENGTH),
    F("school_major", "毕业院校及专业", max_length=200),
    F("professional_title", "职称", max_length=60),
    F("title_level", "职称级别", K.REF, ref_list=RefList.TITLE_LEVEL, max_length=REF_LABEL_LENGTH),
    F("work_unit_post", "工作单位及职务", max_length=200),
    F("employer_type", "单位性质", K.REF, ref_list=RefList.EMPLOYER_TYPE,
      max_length=REF_LABEL_LENGTH),
    F("mobile", "手机号码", max_length=20, sensitive=True),
    F("office_phone", "办公电话", max_length=20),
    F("address", "通讯地址", max_length=200),
    F("postcode", "邮政编码", max_length=10),
    F("email", "电子邮箱", max_length=100),
    F("id_number", "身份证号", max_length=18, sensitive=True),
    F("member_card_no", "委员证号", max_length=30),
    F("other_posts", "其他社会职务", K.LONGTEXT),
    F("expertise", "专长", K.LONGTEXT),
    F("resume", "个人简历", K.LONGTEXT),
    F("notes", "备注", K.LONGTEXT),
    F("sort_number", "排序号", K.INT, minimum=0),
))

MEMBER_TERM = RecordType("member_terms", "委员届次", fields(
    F("member_id", "委员", K.FK, required=True, fk="members"),
    F("term_id", "届次", K.FK, required=True, fk="terms"),
    F("sector_id", "界别", K.FK, fk="sectors"),
    F("post", "政协职务", K.ENUM, enum=CppccPost),
    F("is_standing", "常委", K.BOOL),
    F("standing_since", "任常委日期", K.DATE),
    F("origin", "产生方式", K.ENUM, enum=TermOrigin),
    F("joined_on", "任职日期", K.DATE),
    F("left_on", "离任日期", K.DATE),
    F("left_reason", "离任原因", K.ENUM, enum=LeftReason),
    F("left_note", "离任说明", max_length=200),
))

COMMITTEE = RecordType("committee_settings", "政协基本信息", fields(
    F("region", "行政区划名称", required=True, max_length=60),
    F("parent_region", "上级行政区划", max_length=60),
    F("level", "政协层级", K.ENUM, required=True, enum=CommitteeLevel),
    F("founded_year", "政协成立年份", K.INT, minimum=1949),
    F("current_term_id", "当前届次", K.FK, fk="terms"),
))

TERM = RecordType("terms", "届次", fields(
    F("number", "届", K.INT, required=True, minimum=1),
    F("start_on", "开始日期", K.DATE, required=True),
    F("end_on", "结束日期", K.DATE),
    F("notes", "备注", K.LONGTEXT),
))

SESSION = RecordType("plenary_sessions", "全体会议", fields(
    F("term_id", "届次", K.FK, required=True, fk="terms"),
    F("number", "次", K.INT, required=True, minimum=1),
    F("start_on", "开幕日期", K.DATE, required=True),
    F("end_on", "闭幕日期", K.DATE),
    F("place", "地点", max_length=200),
))

UNIT = RecordType("units", "机构", fields(
    F("name", "名称", required=True, max_length=100),
    F("short_name", "简称", max_length=40),
    F("kind", "类型", K.ENUM, required=True, enum=UnitKind),
    F("parent_id", "上级机构", K.FK, fk="units"),
    F("sort_order", "排序", K.INT),
    F("retired", "已停用", K.BOOL),
    F("notes", "备注", K.LONGTEXT),
))

UNIT_MEMBERSHIP = RecordType("unit_memberships", "机构成员", fields(
    F("unit_id", "机构", K.FK, required=True, fk="units"),
    F("member_id", "委员", K.FK, required=True, fk="members"),
    F("role", "职务", K.ENUM, enum=UnitRole),
    F("since", "起始日期", K.DATE),
    F("until", "截止日期", K.DATE),
))

SECTOR = RecordType("sectors", "界别", fields(
    F("name", "界别名称", required=True, max_length=60),
    F("short_name", "简称", max_length=30),
    F("group_id", "界别组", K.FK, fk="units"),
    F("sort_order", "排序", K.INT),
    F("retired", "已停用", K.BOOL),
))

DEPARTMENT = RecordType("departments", "承办单位", fields(
    F("name", "单位名称", required=True, max_length=100),
    F("short_name", "简称", max_length=40),
    F("kind", "单位类型", max_length=30),
    F("contact", "联系人", max_length=60),
    F("phone", "联系电话", max_length=30),
    F("sort_order", "排序", K.INT),
    F("retired", "已停用", K.BOOL),
))

EVENT_KIND = RecordType("event_kinds", "活动类型", fields(
    F("name", "类型名称", required=True, max_length=40),
    F("family", "类别", K.ENUM, required=True, enum=EventFamily),
    F("default_score", "默认积分", K.DECIMAL),
    F("measure_word", "量词", max_length=8),
    F("sort_order", "排序", K.INT),
    F("retired", "已停用", K.BOOL),
))

EVENT = RecordType("events", "会议活动", fields(
    F("title", "名称", required=True, max_length=200),
    F("kind_id", "类型", K.FK, required=True, fk="event_kinds"),
    F("start_on", "开始日期", K.DATE, required=True),
    F("end_on", "结束日期", K.DATE),
    F("place", "地点", max_length=200),
    F("organizer_id", "组织单位", K.FK, fk="units"),
    F("session_id", "所属全会", K.FK, fk="plenary_sessions"),
    F("sequence_no", "届内次序", K.INT, minimum=1),
    F("topic", "主题", max_length=200),
    F("summary", "内容摘要", K.LONGTEXT),
    F("featured", "重点活动", K.BOOL),
    F("guests", "非委员参加人数", K.INT, minimum=0),
    F("people_served", "服务群众（人次）", K.INT, minimum=0),
    F("deeds_done", "办好事（件）", K.INT, minimum=0),
    F("funds_raised", "筹集资金（元）", K.DECIMAL),
    F("beneficiaries", "受益人数", K.INT, minimum=0),
    F("notes", "备注", K.LONGTEXT),
))

PARTICIPATION = RecordType("participations", "参加人员", fields(
    F("member_id", "委员", K.FK, required=True, fk="members"),
    F("role", "角色", K.ENUM, enum=ParticipationRole),
    F("attendance", "出席情况", K.ENUM, enum=Attendance),
    F("leave_reason", "请假事由", max_length=200),
    F("leave_approver", "请假批准人", max_length=40),
    F("leave_approved_on", "批准日期", K.DATE),
))

OUTCOME = RecordType("outcomes", "活动成果", fields(
    F("kind", "成果类型", K.ENUM, required=True, enum=OutcomeKind),
    F("title", "标题", required=True, max_length=200),
    F("completed_on", "形成日期", K.DATE),
    F("aspects", "建议方面数", K.INT, minimum=0),
    F("items", "建议条数", K.INT, minimum=0),
    F("problems", "问题项数", K.INT, minimum=0),
    F("submitted_to", "报送对象", max_length=200),
    F("adopted", "已采纳", K.BOOL),
    F("adoption_note", "采纳情况", K.LONGTEXT),
))

PROPOSAL = RecordType("proposals", "提案", fields(
    F("term_id", "届次", K.FK, required=True, fk="terms"),
    F("session_id", "会议", K.FK, fk="plenary_sessions"),
    F("number", "提案号", K.INT, minimum=1),
    F("title", "案由", required=True, max_length=300),
    F("body", "提案内容", K.LONGTEXT),
    F("category", "类别", K.REF, ref_list=RefList.PROPOSAL_CATEGORY, max_length=REF_LABEL_LENGTH),
    F("type", "提案类型", K.ENUM, required=True, enum=ProposalType),
    F("lead_member_id", "第一提案人", K.FK, fk="members"),
    F("collective_proposer", "集体提案单位", max_length=200),
    F("channel_unit_id", "归口专委会", K.FK, fk="units"),
    F("submitted_on", "提交日期", K.DATE, required=True),
    F("review_status", "审查结果", K.ENUM, enum=ReviewStatus),
    F("reviewed_on", "审查日期", K.DATE),
    F("review_note", "审查意见", K.LONGTEXT),
    F("merged_into_id", "并入提案", K.FK, fk="proposals"),
    F("is_key", "重点提案", K.BOOL),
    F("supervision_level", "督办层级", K.ENUM, enum=SupervisionLevel),
    F("supervisor", "督办领导", max_length=200),
    F("is_excellent", "优秀提案", K.BOOL),
    F("closed_on", "办结日期", K.DATE),
))

PROPOSAL_ASSIGNMENT = RecordType("proposal_assignments", "提案交办", fields(
    F("department_id", "承办单位", K.FK, required=True, fk="departments"),
    F("role", "承办方式", K.ENUM, required=True, enum=AssignmentRole),
    F("assigned_on", "交办日期", K.DATE, required=True),
    F("due_on", "办理期限", K.DATE),
    F("replied_on", "答复日期", K.DATE),
    F("reply_doc_no", "答复文号", max_length=60),
    F("reply_class", "办理结果", K.ENUM, enum=ReplyClass),
    F("satisfaction", "满意度", K.ENUM, enum=Satisfaction),
    F("evaluated_on", "评价日期", K.DATE),
    F("evaluation_note", "评价意见", K.LONGTEXT),
))

SUPERVISION = RecordType("supervision_records", "提案督办", fields(
    F("level", "督办层级", K.ENUM, required=True, enum=SupervisionLevel),
    F("leader", "督办领导", max_length=200),
    F("supervised_on", "督办日期", K.DATE, required=True),
    F("form", "督办方式", max_length=20),
    F("notes", "督办情况", K.LONGTEXT),
))

OPINION = RecordType("opinion_reports", "社情民意信息", fields(
    F("serial_no", "登记号", max_length=30),
    F("title", "标题", required=True, max_length=300),
    F("category", "类别", K.REF, ref_list=RefList.OPINION_CATEGORY, max_length=REF_LABEL_LENGTH),
    F("received_on", "收到日期", K.DATE, required=True),
    F("body", "内容", K.LONGTEXT),
    F("status", "处理状态", K.ENUM, enum=OpinionStatus),
    F("channel_unit_id", "归口单位", K.FK, fk="units"),
    F("issued_on", "编发日期", K.DATE),
    F("bulletin_year", "刊物年份", K.INT, minimum=1949),
    F("bulletin_no", "《社情民意》期号", K.INT, minimum=1),
    F("notes", "备注", K.LONGTEXT),
))

OPINION_FORWARD = RecordType("opinion_forwards", "信息上报", fields(
    F("level", "上报层级", K.ENUM, required=True, enum=ForwardLevel),
    F("forwarded_on", "上报日期", K.DATE, required=True),
    F("adopted", "已采用", K.BOOL),
    F("adopted_on", "采用日期", K.DATE),
    F("outlet", "采用刊物", max_length=60),
))

INSTRUCTION = RecordType("instructions", "领导批示", fields(
    F("level", "领导层级", K.ENUM, required=True, enum=LeaderLevel),
    F("leader", "批示领导", max_length=60),
    F("instructed_on", "批示日期", K.DATE, required=True),
    F("gist", "批示要点", K.LONGTEXT),
))

HONOR = RecordType("honors", "表彰", fields(
    F("member_id", "委员", K.FK, fk="members"),
    F("recipient", "受表彰单位", max_length=100),
    F("title", "荣誉名称", required=True, max_length=200),
    F("level", "表彰级别", K.ENUM, required=True, enum=HonorLevel),
    F("awarded_on", "表彰日期", K.DATE, required=True),
    F("awarding_body", "授予单位", max_length=200),
))

PLATFORM = RecordType("platforms", "协商议事平台", fields(
    F("name", "平台名称", required=True, max_length=100),
    F("level", "平台层级", K.ENUM, required=True, enum=PlatformLevel),
    F("town", "所属乡镇（街道）", max_length=60),
    F("unit_id", "联系机构", K.FK, fk="units"),
    F("established_on", "建立日期", K.DATE),
    F("notes", "备注", K.LONGTEXT),
))

PLATFORM_SESSION = RecordType("platform_sessions", "协商议事活动", fields(
    F("platform_id", "协商议事平台", K.FK, required=True, fk="platforms"),
    F("held_on", "议事日期", K.DATE, required=True),
    F("topic", "议题", required=True, max_length=200),
    F("participants", "参加人数", K.INT, minimum=0),
    F("results_done", "办成实事（件）", K.INT, minimum=0),
    F("notes", "议事情况", K.LONGTEXT),
))

# A member who took part in a session (written with the session, one row per 人次).
PLATFORM_MEMBER = RecordType("platform_session_members", "协商议事参加委员", fields(
    F("member_id", "委员", K.FK, required=True, fk="members"),
))

PUBLICATION = RecordType("publications", "文史资料", fields(
    F("title", "书刊名称", required=True, max_length=200),
    F("volumes", "册数", K.INT, minimum=0),
    F("words", "字数（万字）", K.DECIMAL),
    F("published_on", "出版日期", K.DATE, required=True),
    F("editor_unit", "编印单位", max_length=200),
    F("notes", "备注", K.LONGTEXT),
))

MEDIA_REPORT = RecordType("media_reports", "媒体报道", fields(
    F("title", "报道标题", required=True, max_length=300),
    F("outlet", "媒体名称", required=True, max_length=100),
    F("level", "媒体层级", K.ENUM, required=True, enum=MediaLevel),
    F("reported_on", "报道日期", K.DATE, required=True),
    F("link", "链接或版面", max_length=500),
    F("notes", "备注", K.LONGTEXT),
))

USER = RecordType("users", "用户", fields(
    F("username", "用户名", required=True, max_length=40),
    F("display_name", "姓名", max_length=40),
    F("role", "角色", K.ENUM, required=True, enum=UserRole),
    F("active", "启用", K.BOOL),
))

# The operation log (read-only: services append to it, nobody edits it).
AUDIT = RecordType("audit_log", "操作日志", fields(
    F("at", "时间", K.DATE),
    F("username", "用户", max_length=40),
    F("action", "操作", K.ENUM, enum=AuditAction),
    F("entity", "记录类型", max_length=40),
    F("entity_id", "记录编号", K.INT),
    F("summary", "摘要", max_length=300),
    F("detail", "改动", K.LONGTEXT),
))

# 履职考核 (app/scoring): a year's rule set, its rules, and manual adjustments.
SCORING_RULE_SET = RecordType("scoring_rule_sets", "履职考核规则", fields(
    F("year", "年度", K.INT, required=True, minimum=1949),
    F("base_score", "基础分", K.DECIMAL, minimum=0),
    F("grade_mode", "评定方式", K.ENUM, required=True, enum=GradeMode),
    F("excellent_min", "优秀分数线", K.DECIMAL, minimum=0),
    F("good_min", "良好分数线", K.DECIMAL, minimum=0),
    F("pass_min", "称职分数线", K.DECIMAL, minimum=0),
    F("excellent_share", "优秀比例（%）", K.INT, minimum=0),
    F("good_share", "良好比例（%）", K.INT, minimum=0),
    F("require_plenary", "须出席全体会议", K.BOOL),
    F("min_proposals", "最少提案数", K.INT, minimum=0),
    F("min_opinions", "最少社情民意数", K.INT, minimum=0),
    F("min_activities", "最少活动次数", K.INT, minimum=0),
    F("notes", "说明", K.LONGTEXT),
))

SCORING_RULE = RecordType("scoring_rules", "考核计分规则", fields(
    F("label", "计分项目", required=True, max_length=100),
    F("points", "分值", K.DECIMAL, required=True, minimum=None),
    F("yearly_cap", "年度上限", K.DECIMAL, minimum=0),
    F("active", "启用", K.BOOL),
))

SCORE_ADJUSTMENT = RecordType("score_adjustments", "考核加减分", fields(
    F("member_id", "委员", K.FK, required=True, fk="members"),
    F("year", "年度", K.INT, required=True, minimum=1949),
    F("points", "加减分值", K.DECIMAL, required=True, minimum=None),
    F("reason", "事由", K.LONGTEXT, required=True),
    F("decided_by", "决定机构", K.ENUM, required=True, enum=DecisionBody),
    F("decided_on", "决定日期", K.DATE, required=True),
    F("decision_ref", "会议或文号", max_length=100),
))

RECORD_TYPES: dict[str, RecordType] = {
    r.entity: r
    for r in (
        MEMBER, MEMBER_TERM, COMMITTEE, TERM, SESSION, UNIT, UNIT_MEMBERSHIP, SECTOR,
        DEPARTMENT, EVENT_KIND, EVENT, PARTICIPATION, OUTCOME, PROPOSAL, PROPOSAL_ASSIGNMENT,
        SUPERVISION, OPINION,
        OPINION_FORWARD, INSTRUCTION, HONOR, PLATFORM, PLATFORM_SESSION, PLATFORM_MEMBER,
        PUBLICATION, MEDIA_REPORT, USER, SCORING_RULE_SET, SCORING_RULE, SCORE_ADJUSTMENT,
    )
}
