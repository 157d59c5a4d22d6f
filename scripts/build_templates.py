"""Write the built-in Word templates into resources/templates/ (GB/T 9704 layout).

    python scripts/build_templates.py            # all templates
    python scripts/build_templates.py 提案汇编   # one

The .docx files are committed: they are user-editable material (a clerk copies and edits them
in Word or WPS); this script is how they are regenerated after a change. Each tag is typed in
one run, and every 【待补充：…】 is highlighted, as the template authoring rules ask.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docx.document import Document  # noqa: E402

from app.reports.gongwen import add_row, new_document, page_break, para, table  # noqa: E402
from app.text._resources import template_path  # noqa: E402

P = "Normal"


def _lines(doc: Document, items: list[tuple[str, str] | str]) -> None:
    """Paragraphs: a bare string is body text, a (style, text) pair names its style."""
    for item in items:
        style, text = (P, item) if isinstance(item, str) else item
        para(doc, text, style)


def _head(doc: Document, title: str, meeting: bool = True, speaker: str = "{{ speaker }}"
          ) -> None:
    _lines(doc, [("Title", title)])
    if meeting:
        _lines(doc, [("Subtitle", "——在{{ session.full_name }}上"),
                     ("Subtitle", "（{{ session.date }}）"), ("署名", speaker)])
    _lines(doc, [("居中", "")])


def work_report() -> Document:
    d = new_document()
    _head(d, "中国人民政治协商会议{{ term.name }}{{ committee.region }}委员会常务委员会工作报告")
    _lines(d, [
        ("称谓", "各位委员："),
        "现在，我代表{{ committee.name }}常务委员会，向大会报告工作，请予审议。",
        ("部分标题", "{{ period.review_title }}"),
        "{% if period.kind == \"year\" %}{{ period.label }}是【待补充：本年度的特点，如“全面贯彻"
        "落实党"
        "的二十大精神的开局之年”】。{% endif %}一年来，在{{ committee.party_committee }}的坚强领"
        "导下，"
        "在{{ committee.congress_short }}、{{ committee.government_short }}和社会各界的大力支持下，"
        "{{ committee.short }}及其常委会坚持以习近平新时代中国特色社会主义思想为指导，"
        "【待补充：全年工作总体概述】。",
        ("Heading 1", "一、坚持政治引领，思想政治基础进一步筑牢"),
        "常委会【待补充：本部分导语】。",
        "{%p if study.sessions or study.training %}",
        "——理论学习扎实开展。{% if study.office %}{{ committee.short }}机关全年开展专题学习"
        "{{ study.office }}次{% if study.groups %}，各界别组开展{{ study.groups }}次{% endif %}"
        "{% if study.committees %}，各专门委员会开展{{ study.committees }}次{% endif %}{% else %}"
        "全年开展专题学习{{ study.sessions }}次{% endif %}{% if study.training %}，举办专题培训"
        "{{ study.training.small }}次{% endif %}。【待补充：学习的主要内容和成效】",
        "{%p endif %}",
        "{%p if study.lectures or study.reading %}",
        "——书香政协持续推进。{{ clauses(study.lectures and \"举办委员讲坛\" ~ study.lectures ~ "
        "\"期\", "
        "study.reading and \"开展读书活动\" ~ study.reading ~ \"次\") }}。【待补充：读书活动的特"
        "色做法】",
        "{%p endif %}",
        "——党的建设不断加强。【待补充：机关党建和全面从严治党情况】",
        ("Heading 1", "二、聚焦中心大局，建言资政质效进一步提升"),
        "常委会围绕{{ committee.party_short }}中心工作，【待补充：本部分导语】。",
        "{%p if events.consultation or outcomes.reports %}",
        "——协商议政更加深入。全年开展各类协商活动{{ events.consultation }}次"
        "{% if events.consultation_kinds|length > 1 %}（{{ events.consultation_kinds.phrases }}）"
        "{% endif %}，形成协商报告、调研报告和视察报告{{ outcomes.reports }}篇"
        "{% if outcomes.items %}，提出意见建议{{ outcomes.aspects }}方面{{ outcomes.items }}条"
        "{% endif %}。{% for o in lists.top_outcomes %}{% if loop.first %}其中，{% endif %}"
        "《{{ o.title }}》提出{{ o.aspects }}方面{{ o.items }}条建议{% if loop.last %}。"
        "{% else %}；{% endif %}{% endfor %}【待补充：协商成果的采纳和转化情况】",
        "{%p endif %}",
        "{%p if events.inspection or events.oversight %}",
        "——视察监督更加有力。{{ clauses(events.inspection and \"全年开展视察调研\" ~ "
        "events.inspection ~ \"次\", events.oversight and \"开展民主监督\" ~ events.oversight ~"
        " \"次\", "
        "activities.appraisals and \"组织民主评议\" ~ activities.appraisals.small ~ \"次\") }}。"
        "【待补充：视察监督的重点课题和成效】",
        "{%p endif %}",
        "{%p if proposals.received %}",
        "——提案工作更加扎实。全年共收到提案{{ proposals.received }}件，立案{{ proposals.accepte"
        "d }}件，"
        "确定重点提案{{ proposals.key }}件{% if proposals.supervised %}，深入"
        "{{ proposals.supervised_by_department.top(3) }}等承办单位督办提案{{ proposals.supervis"
        "ed }}件"
        "{% endif %}。截至{{ today }}，已办复{{ proposals.replied }}件，办复率"
        "{{ proposals.reply_rate }}{% if proposals.evaluated %}，提案者满意率"
        "{{ proposals.satisfaction_rate }}{% endif %}。【待补充：提案办理的成效】",
        "{%p endif %}",
        ("Heading 1", "三、践行为民宗旨，凝聚共识作用进一步彰显"),
        "常委会【待补充：本部分导语】。",
        "{%p if events.service %}",
        "——联系服务群众更加有效。组织开展“服务为民”“进基层联系群众”等活动{{ events.service }}次"
        "{% if service.people %}，服务群众{{ service.people.approx }}人次{% endif %}"
        "{% if service.deeds %}，办好事实事{{ service.deeds.approx }}件{% endif %}"
        "{% if service.funds %}，筹集资金{{ service.funds }}万元{% endif %}"
        "{% if service.beneficiaries %}，受益群众{{ service.beneficiaries.approx }}人{% endif %}。"
        "{% if homes.activities %}全{{ committee.place_word }}{{ homes.count }}个“委员之家”开展活动"
        "{{ homes.activities }}次，委员参与{{ homes.participants }}人次。{% endif %}"
        "【待补充：“有事来商量”等协商议事平台的建设和活动情况（本系统未登记平台数据）】",
        "{%p endif %}",
        "{%p if opinions.received %}",
        "——反映社情民意更加及时。全年共收集社情民意信息{{ opinions.received }}篇，"
        "{{ opinions.received.yoy }}{% if opinions.issued %}；编发《社情民意》{{ opinions.issue"
        "d }}篇"
        "{% endif %}{% if opinions.forwarded_by_level %}，编辑上报{{ opinions.forwarded_by_leve"
        "l.phrases }}"
        "{% endif %}{% if opinions.adopted %}，被上级政协采用{{ opinions.adopted }}篇{% endif %}"
        "{% if opinions.instructions %}，获领导批示{{ opinions.instructions }}篇{% endif %}。"
        "{% for o in lists.opinions_adopted_national %}{% if loop.first %}其中，{% endif %}"
        "《{{ o.title }}》被{{ o.outlet or \"全国政协\" }}采用{% if loop.last %}。{% else %}；"
        "{% endif %}{% endfor %}【待补充：信息工作的做法】",
        "{%p endif %}",
        "——文化文史工作成果丰硕。{% if events.history %}开展文史研究活动{{ events.history }}次。"
        "{% endif %}【待补充：文史资料征集、编辑出版情况（书名、册数等，本系统未登记出版物）】",
        "{%p if events.outreach or activities.receptions %}",
        "——联谊交往不断拓展。{{ clauses(events.outreach and \"开展联谊活动\" ~ events.outreach "
        "~ \"次\", "
        "activities.fellowship_guests and \"联系各界人士\" ~ activities.fellowship_guests.appro"
        "x ~ \"人\", "
        "activities.receptions and \"接待来访考察\" ~ activities.receptions ~ \"批次\") }}。"
        "【待补充：联谊交流的主要活动】",
        "{%p endif %}",
        ("Heading 1", "四、加强自身建设，履职能力进一步增强"),
        "常委会【待补充：本部分导语】。",
        "——委员队伍不断优化。{% if members.added %}全年增补委员{{ members.added }}名"
        "{% if members.standing_added %}、常委{{ members.standing_added }}名{% endif %}。{% end"
        "if %}"
        "截至{{ period.end }}，共有委员{{ members.total }}名，其中常委{{ members.standing }}名。"
        "【待补充：专门委员会、界别组、联络组调整情况】",
        "——履职活力持续激发。{{ clauses(activities.standing_meetings and \"全年召开常委会议\" ~ "
        "activities.standing_meetings.small ~ \"次\", activities.chair_meetings and \"主席会议\" ~ "
        "activities.chair_meetings ~ \"次\") }}，组织各类会议和活动{{ events.total }}次。"
        "【待补充：委员出勤、履职考核和通报情况】",
        "{%p if honors.members or honors.organizations %}",
        "——“一岗双责”成效凸显。{% if honors.members %}委员受各级表彰{{ honors.members }}人次"
        "{% if honors.members_higher %}，其中受上级表彰{{ honors.members_higher }}人次{% endif %}。"
        "{% for h in lists.honors_higher %}{% if loop.index <= 3 %}{{ h.name }}委员获“{{ h.titl"
        "e }}”"
        "{% if loop.index < 3 and not loop.last %}；{% else %}等。{% endif %}{% endif %}{% endf"
        "or %}"
        "{% endif %}{% for h in lists.honors_organizations %}{{ h.name }}被{{ h.body }}表彰为"
        "“{{ h.title }}”。{% endfor %}【待补充：委员岗位建功的典型事例】",
        "{%p endif %}",
        "各位委员、同志们，以上成绩的取得，离不开{{ committee.party_committee }}的坚强领导，离不开"
        "{{ committee.congress_short }}、{{ committee.government_short }}的大力支持，离不开社会"
        "各界的"
        "密切配合，是全体政协委员和政协机关干部团结奋斗的结果。在此，我代表{{ committee.short }"
        "}常委会，"
        "向所有关心支持政协工作的各位领导、各部门和社会各界人士，向辛勤工作、履职尽责的政协委员，"
        "表示衷心感谢和崇高敬意！",
        "在肯定成绩的同时，我们也清醒地看到，政协工作还存在一些短板和不足，主要有：【待补充：存在的问题】。"
        "这些都需要我们在今后工作中认真加以改进。",
        ("部分标题", "{{ period.plan_title }}"),
        "{{ period.plan_year }}年是【待补充：下一年度的特点】{% if committee.round_anniversary %}，"
        "也是{{ committee.short }}成立{{ committee.anniversary }}周年{% endif %}。"
        "{{ period.plan_year }}年政协工作的总体要求是：【待补充：总体要求】。",
        "围绕这一总体要求，重点抓好以下几个方面的工作：",
        ("Heading 1", "一、【待补充：第一方面工作，如“突出政治引领，在……上彰显更高站位”】"),
        "【待补充：具体安排】",
        ("Heading 1", "二、【待补充：第二方面工作】"),
        "【待补充：具体安排】",
        ("Heading 1", "三、【待补充：第三方面工作】"),
        "【待补充：具体安排】",
        "各位委员，【待补充：结束语】让我们更加紧密地团结在以习近平同志为核心的党中央周围，在"
        "{{ committee.party_committee }}的坚强领导下，坚定信心、团结奋斗，为谱写新时代"
        "{{ committee.region }}高质量发展新篇章作出新的更大贡献！",
    ])
    return d


def year_review() -> Document:
    d = new_document()
    _lines(d, [
        ("Title", "【待补充：主标题，两个八字短语，如“凝聚共识服务大局 建言资政助推发展”】"),
        ("Subtitle", "——{{ committee.short }}{{ period.about }}工作回眸"), ("居中", ""),
        ("栏目", "■ 编者按"),
        "{{ period.year }}年是【待补充：本年度的特点】。{% if committee.round_age %}这一年，适逢"
        "{{ committee.plain_name }}成立{{ committee.age }}周年。{% endif %}{{ period.about }}，"
        "{{ committee.short }}及其常委会坚持以习近平新时代中国特色社会主义思想为指导，"
        "【待补充：编者按正文：全年工作总体情况】。",
        "{%p for u in units %}",
        ("栏目", "■ {{ u.name }}"),
        ("分节标题", "【待补充：本单位标题，如“立足服务保障 提升工作效能”】"),
        "一年来，{{ committee.short }}{{ u.name }}【待补充：导语】，圆满完成全年各项工作任务。",
        "【待补充：四字四字，四字四字。如“强化理论武装，筑牢思想根基。”】"
        "{% if u.study.sessions or u.study.lectures or u.study.reading %}"
        "{{ clauses(u.study.sessions and \"组织专题学习\" ~ u.study.sessions ~ \"次\", "
        "u.study.lectures and \"举办委员讲坛\" ~ u.study.lectures ~ \"期\", "
        "u.study.reading and \"开展读书活动\" ~ u.study.reading ~ \"次\") }}。{% endif %}"
        "【待补充：理论学习和政治建设的做法】",
        "【待补充：四字四字，四字四字。】"
        "{% if u.is_office %}全年服务保障各类会议和活动{{ events.total.approx }}次"
        "{% if u.activities.receptions %}，接待来访考察{{ u.activities.receptions }}批次{% endi"
        "f %}。"
        "{% endif %}{% if u.handles_proposals %}全年共收到提案{{ proposals.received }}件，立案"
        "{{ proposals.accepted }}件，确定重点提案{{ proposals.key }}件，督办提案{{ proposals.su"
        "pervised }}件，"
        "办复率{{ proposals.reply_rate }}。{% endif %}{% if u.is_research %}全年征集社情民意信息"
        "{{ opinions.received }}篇，编发《社情民意》{{ opinions.bulletin_issues }}期{{ opinions"
        ".issued }}篇，"
        "向上级政协报送信息{{ opinions.forwarded }}篇，被上级政协采用{{ opinions.adopted }}篇，"
        "{{ opinions.adopted_member_rate }}的委员信息获得采用。{% endif %}"
        "{% if u.events.consultation or u.events.inspection or u.outcomes.total %}"
        "{{ clauses(u.events.consultation and \"开展协商活动\" ~ u.events.consultation ~ \"次\", "
        "u.events.inspection and \"开展视察调研\" ~ u.events.inspection ~ \"次\", "
        "u.outcomes.total and \"形成报告和建议\" ~ u.outcomes.total ~ \"篇\", "
        "u.outcomes.problems and \"梳理问题\" ~ u.outcomes.problems ~ \"项\", "
        "u.outcomes.items and \"提出\" ~ u.outcomes.aspects ~ \"方面\" ~ u.outcomes.items ~ \"条"
        "建议\", "
        "u.activities.appraisals and \"开展民主评议\" ~ u.activities.appraisals.small ~ \"次\")"
        " }}。"
        "{% endif %}【待补充：围绕中心建言资政的主要课题和成效】",
        "【待补充：四字四字，四字四字。】"
        "{% if u.proposals.received or u.opinions.received or u.events.service %}"
        "{{ clauses(u.proposals.received and \"归口本单位的提案\" ~ u.proposals.received ~ \"件\", "
        "u.proposals.supervised and \"督办提案\" ~ u.proposals.supervised ~ \"件\", "
        "u.opinions.received and \"报送社情民意信息\" ~ u.opinions.received ~ \"篇\", "
        "u.opinions.received_adopted and u.opinions.received_adopted ~ \"篇被采用\", "
        "u.events.service and \"开展服务为民等活动\" ~ u.events.service ~ \"次\", "
        "u.service.people and \"服务群众\" ~ u.service.people.approx ~ \"人次\", "
        "u.service.funds and \"筹集资金\" ~ u.service.funds ~ \"万元\") }}。{% endif %}"
        "【待补充：凝聚共识、服务为民的做法】",
        "【待补充：四字四字，四字四字。】【待补充：沟通联络、制度建设和自身建设情况】",
        "{%p endfor %}",
    ])
    return d


def proposal_report() -> Document:
    d = new_document()
    _head(d, "{{ committee.name }}常务委员会关于{{ period.about }}提案工作情况的报告",
          speaker="【待补充：报告人】")
    _lines(d, [
        ("称谓", "各位委员："),
        "现在，我代表{{ committee.name }}常务委员会，向大会报告{{ period.about }}的提案工作情况"
        "，请予审议。",
        ("Heading 1", "一、提案提出和审查情况"),
        "{{ period.about }}，共收到提案{{ proposals.received }}件{% if period.kind == \"year\" %}，"
        "{{ proposals.received.yoy }}{% endif %}。其中，{{ proposals.by_type.phrases }}。经审查"
        "，立案"
        "{{ proposals.accepted }}件，立案率{{ proposals.accept_rate }}{% if proposals.merged %}"
        "；并案处理"
        "{{ proposals.merged }}件{% endif %}{% if proposals.converted %}；转为意见建议"
        "{{ proposals.converted }}件{% endif %}{% if proposals.rejected %}；不予立案"
        "{{ proposals.rejected }}件{% endif %}{% if proposals.withdrawn %}；撤案{{ proposals.wi"
        "thdrawn }}件"
        "{% endif %}{% if proposals.pending %}；尚待审查{{ proposals.pending }}件{% endif %}。"
        "{{ proposals.proposers }}名委员参与提出提案。立案提案按内容分类如下：",
    ])
    widths = [70.0, 40.0, 40.0]
    t = table(d, widths, ["类别", "件数", "占比"])
    add_row(d, t, ["{%tr for c in proposals.by_category %}"], widths, merge=True)
    add_row(d, t, ["{{ c.row_label }}", "{{ c }}", "{{ c.share }}"], widths, center=(1, 2))
    add_row(d, t, ["{%tr endfor %}"], widths, merge=True)
    add_row(d, t, ["合计", "{{ proposals.accepted }}", "100%"], widths, center=(0, 1, 2))
    _lines(d, [
        ("图表", "{{ chart(proposals.by_category) }}"),
        "【待补充：提案选题的特点分析】",
        ("Heading 1", "二、提案办理和督办情况"),
        "立案提案交由{{ proposals.departments }}家承办单位办理。截至{{ today }}，已办复"
        "{{ proposals.replied }}件，办复率{{ proposals.reply_rate }}。{% if proposals.by_reply_"
        "class %}"
        "从办理结果看，{% for c in proposals.by_reply_class %}{{ c.row_label }}{{ c }}件，占{{ "
        "c.share }}"
        "{% if loop.last %}。{% else %}；{% endif %}{% endfor %}{% endif %}{% if proposals.eval"
        "uated %}"
        "提案者对答复进行评价{{ proposals.evaluated }}件，其中满意{{ proposals.satisfied }}件、"
        "基本满意"
        "{{ proposals.basically_satisfied }}件{% if proposals.unsatisfied %}、不满意"
        "{{ proposals.unsatisfied }}件{% endif %}，满意率{{ proposals.satisfaction_rate }}。{% "
        "endif %}",
        "确定重点提案{{ proposals.key }}件，【待补充：重点提案的遴选和领衔督办安排】。全年开展督办"
        "{{ proposals.supervision_visits }}次，督办提案{{ proposals.supervised }}件"
        "{% if proposals.supervised_by_department %}，重点督办"
        "{{ proposals.supervised_by_department.top(3) }}等承办单位办理的提案{% endif %}。重点提"
        "案如下：",
    ])
    widths = [14.0, 22.0, 48.0, 24.0, 24.0, 24.0]
    t = table(d, widths, ["序号", "提案号", "案由", "提案人", "主办单位", "督办领导"])
    add_row(d, t, ["{%tr for p in lists.key_proposals %}"], widths, merge=True)
    add_row(d, t, ["{{ loop.index }}", "{{ p.no }}", "{{ p.title }}", "{{ p.proposer }}",
                   "{{ p.departments }}", "{{ p.supervisor }}"], widths, center=(0, 1))
    add_row(d, t, ["{%tr endfor %}"], widths, merge=True)
    _lines(d, [
        ("Heading 1", "三、提案工作的主要成效"),
        "【待补充：提案推动解决的问题和取得的成效，如“《关于……的建议》（第N号）推动了……”】",
        "{%p if lists.excellent_proposals %}",
        "{{ period.about }}评选优秀提案{{ proposals.excellent }}件：{% for p in lists.excellent"
        "_proposals %}"
        "《{{ p.title }}》（{{ p.no }}，{{ p.proposer }}）{% if loop.last %}。{% else %}；{% en"
        "dif %}"
        "{% endfor %}",
        "{%p endif %}",
        ("Heading 1", "四、存在的问题"), "【待补充：提案工作存在的问题】",
        ("Heading 1", "五、下一步工作"), "【待补充：今后的工作打算】",
        "各位委员，【待补充：结束语】",
    ])
    return d


def proposal_compilation() -> Document:
    d = new_document()
    _lines(d, [("居中", ""), ("居中", ""), ("Title", "{{ session.full_name }}"),
               ("Title", "提案汇编"), ("居中", ""),
               ("居中", "{{ committee.plain_name }}提案委员会编"),
               ("居中", "{{ today }}")])
    page_break(d)
    _lines(d, [
        ("部分标题", "编印说明"),
        "{{ session.full_name }}于{{ session.dates }}召开。会议期间，委员和参加政协的各单位共提"
        "出提案"
        "{{ session.received }}件，经提案审查委员会审查，立案{{ session.accepted }}件"
        "{% if session.key %}，其中确定重点提案{{ session.key }}件{% endif %}。",
        "本汇编收录立案提案{{ session.accepted }}件，按类别分组，各类别内按提案号顺序编排，每件"
        "提案列明"
        "提案号、案由、提案人、承办单位和提案内容。提案内容以提案人提交的文本为准。【待补充：其他需要说明的事项】",
    ])
    page_break(d)
    _lines(d, [("部分标题", "目　录")])
    widths = [17.0, 71.0, 34.0, 34.0]
    t = table(d, widths, ["提案号", "案由", "提案人", "承办单位"])
    add_row(d, t, ["{%tr for c in categories %}"], widths, merge=True)
    add_row(d, t, ["{{ c.name }}（{{ c.count }}件）"], widths, style="表头", merge=True)
    add_row(d, t, ["{%tr for p in c.proposals %}"], widths, merge=True)
    add_row(d, t, ["{{ p.num }}", "{{ p.title }}", "{{ p.proposer }}", "{{ p.departments }}"],
            widths, center=(0,))
    add_row(d, t, ["{%tr endfor %}"], widths, merge=True)
    add_row(d, t, ["{%tr endfor %}"], widths, merge=True)
    page_break(d)
    _lines(d, [
        "{%p for c in categories %}",
        ("部分标题", "{{ c.name }}"),
        "{%p for p in c.proposals %}",
        ("分节标题", "{{ p.title }}"),
        ("居中连排", "{{ p.no }}　提案人：{{ p.proposer }}"),
        ("信息行", "类别：{{ p.category }}　　提案类型：{{ p.type }}"),
        ("信息行", "承办单位：{{ p.departments }}"
                   "{% if p.assist %}（协办：{{ p.assist }}）{% endif %}"),
        "{%p for t in p.paragraphs %}",
        "{{ t }}",
        "{%p endfor %}",
        ("居中", ""),
        "{%p endfor %}",
        "{%p endfor %}",
    ])
    return d


def _record_table(d: Document, rows: str, columns: list[tuple[str, str, float]],
                  empty: str) -> None:
    """A table of one member's records, or a sentence when there are none."""
    widths = [w for _h, _c, w in columns]
    para(d, f"{{%p if {rows} %}}")
    t = table(d, widths, [h for h, _c, _w in columns])
    add_row(d, t, [f"{{%tr for r in {rows} %}}"], widths, merge=True)
    add_row(d, t, [c for _h, c, _w in columns], widths)
    add_row(d, t, ["{%tr endfor %}"], widths, merge=True)
    _lines(d, ["{%p else %}", empty, "{%p endif %}"])


def member_dossier() -> Document:
    d = new_document()
    _lines(d, ["{%p for m in members %}", ("Title", "委员履职档案"),
               ("Subtitle", "（{{ period.label }}）"), ("居中", "")])
    widths = [30.0, 48.0, 30.0, 48.0]
    t = table(d, widths)
    for cells in (["姓名", "{{ m.name }}", "性别", "{{ m.gender }}"],
                  ["民族", "{{ m.ethnicity }}", "出生年月", "{{ m.birth }}"],
                  ["党派", "{{ m.party }}", "学历", "{{ m.education }}"],
                  ["界别", "{{ m.sector }}", "政协职务", "{{ m.post }}"],
                  ["届次", "{{ m.term }}", "任职日期", "{{ m.joined }}"]):
        add_row(d, t, cells, widths, center=(0, 2))
    add_row(d, t, ["工作单位及职务", "{{ m.work }}", "", ""], widths, center=(0,))
    add_row(d, t, ["所在机构", "{{ m.units }}", "", ""], widths, center=(0,))
    for r in t.rows[-2:]:
        r.cells[1].merge(r.cells[3])
    _lines(d, [("Heading 1", "一、履职情况统计")])
    t = table(d, [50.0, 28.0, 50.0, 28.0], ["项目", "数量", "项目", "数量"])
    for cells in (["应参加会议活动", "{{ m.invited }}次", "出席", "{{ m.present }}次"],
                  ["请假", "{{ m.excused }}次", "缺席", "{{ m.absent }}次"],
                  ["出席会议和协商", "{{ m.meetings_present }}次", "参加履职活动",
                   "{{ m.activities_present }}次"],
                  ["提交提案（第一提案人）", "{{ m.proposals_lead }}件", "联名提案",
                   "{{ m.proposals_cosigned }}件"],
                  ["提案立案", "{{ m.proposals_accepted }}件", "重点提案",
                   "{{ m.proposals_key }}件"],
                  ["报送社情民意信息", "{{ m.opinions }}篇", "信息被采用",
                   "{{ m.opinions_adopted }}篇"],
                  ["会议发言", "{{ m.speeches }}次", "获得表彰", "{{ m.honors }}项"]):
        add_row(d, t, cells, [50.0, 28.0, 50.0, 28.0], center=(1, 3))
    _lines(d, [("Heading 1", "二、参加会议和活动")])
    _record_table(d, "m.event_list", [("日期", "{{ r.date }}", 36.0),
                                      ("名称", "{{ r.title }}", 72.0),
                                      ("类型", "{{ r.kind }}", 22.0),
                                      ("出席情况", "{{ r.attendance }}", 26.0)],
                  "统计期间内没有参加会议活动的记录。")
    _lines(d, [("Heading 1", "三、提交提案")])
    _record_table(d, "m.proposal_list", [("提案号", "{{ r.number }}", 34.0),
                                         ("案由", "{{ r.title }}", 54.0),
                                         ("方式", "{{ r.role }}", 20.0),
                                         ("办理状态", "{{ r.status }}", 18.0),
                                         ("承办单位", "{{ r.departments }}", 30.0)],
                  "统计期间内没有提出提案。")
    _lines(d, [("Heading 1", "四、反映社情民意")])
    _record_table(d, "m.opinion_list", [("日期", "{{ r.date }}", 36.0),
                                        ("标题", "{{ r.title }}", 78.0),
                                        ("采用情况", "{{ r.adoption }}", 42.0)],
                  "统计期间内没有报送社情民意信息。")
    _lines(d, [("Heading 1", "五、获得表彰")])
    _record_table(d, "m.honor_list", [("日期", "{{ r.date }}", 36.0),
                                      ("荣誉名称", "{{ r.title }}", 60.0),
                                      ("级别", "{{ r.level }}", 18.0),
                                      ("授予单位", "{{ r.body }}", 42.0)],
                  "统计期间内没有获得表彰的记录。")
    _lines(d, [("Heading 1", "六、履职小结"), "【待补充：本人履职情况小结（可由委员本人填写）】",
               "{%p if not loop.last %}"])
    page_break(d)
    _lines(d, ["{%p endif %}", "{%p endfor %}"])
    return d


def sign_in() -> Document:
    d = new_document()
    _lines(d, [("Title", "{{ event.sheet_title }}"), ("居中", "时间：{{ event.dates }}"),
               ("居中", "地点：{{ event.place }}"), ("居中", "")])
    widths = [14.0, 24.0, 54.0, 40.0, 24.0]
    t = table(d, widths, ["序号", "姓名", "界别", "签　名", "备注"])
    add_row(d, t, ["{%tr for a in attendees %}"], widths, merge=True)
    add_row(d, t, ["{{ loop.index }}", "{{ a.name }}", "{{ a.sector }}", "", "{{ a.note }}"],
            widths, style="表格文字大", center=(0, 1), height_mm=11)
    add_row(d, t, ["{%tr endfor %}"], widths, merge=True)
    _lines(d, [("居中", ""),
               ("称谓", "应到{{ event.invited }}人，实到＿＿＿人，请假{{ event.excused }}人。")])
    return d


def member_bulletin() -> Document:
    """委员年度履职情况通报 (履职考核, app/scoring): figures, 优秀 list, optional missed list."""
    d = new_document()
    _lines(d, [
        ("Title", "关于{{ bulletin.year }}年度委员履职情况的通报"), ("居中", ""),
        ("称谓", "各位委员："),
        "根据《{{ committee.plain_name }}委员履职考核办法》【待补充：办法文号】，"
        "{{ committee.short }}对全体委员{{ bulletin.year }}年度履职情况进行了考核，"
        "经【待补充：常委会议或主席会议名称】审议，现将有关情况通报如下。",
        ("Heading 1", "一、总体情况"),
        "{{ bulletin.year }}年，广大委员【待补充：全年履职总体评价】。"
        "{% if proposals.received %}全年共提交提案{{ proposals.received }}件，{% endif %}"
        "{% if opinions.received %}报送社情民意信息{{ opinions.received }}篇，{% endif %}"
        "全年共组织各类会议和活动{{ events.total }}次。",
        "本年度共有{{ scoring.assessed }}名委员参加履职考核，平均得分{{ scoring.average }}分。"
        "按照{{ bulletin.grading }}的办法，评定优秀{{ scoring.excellent }}名、良好"
        "{{ scoring.good }}名、称职{{ scoring.competent }}名"
        "{% if scoring.poor %}、不称职{{ scoring.poor }}名{% endif %}。"
        "{{ scoring.minimum_met }}名委员完成了年度最低履职要求（{{ bulletin.minimum }}），"
        "占参加考核委员的{{ scoring.minimum_rate }}。",
        ("Heading 1", "二、履职考核优秀委员"),
        "经考核，以下{{ scoring.excellent }}名委员年度履职考核等次为优秀，予以通报表扬"
        "（按姓氏笔画排列）：",
    ])
    widths = [14.0, 30.0, 60.0, 26.0, 26.0]
    t = table(d, widths, ["序号", "姓名", "界别", "得分", "名次"])
    add_row(d, t, ["{%tr for m in excellent %}"], widths, merge=True)
    add_row(d, t, ["{{ loop.index }}", "{{ m.name }}", "{{ m.sector }}", "{{ m.total }}",
                   "{{ m.rank }}"], widths, center=(0, 1, 3, 4))
    add_row(d, t, ["{%tr endfor %}"], widths, merge=True)
    _lines(d, [
        "{%p if sector_groups %}",
        "各界别组考核情况如下（按平均得分排列）：",
        "{%p endif %}",
    ])
    widths = [14.0, 52.0, 24.0, 30.0, 36.0]
    t = table(d, widths, ["名次", "界别组", "人数", "平均得分", "优秀人数"])
    add_row(d, t, ["{%tr for g in sector_groups %}"], widths, merge=True)
    add_row(d, t, ["{{ g.rank }}", "{{ g.name }}", "{{ g.members }}", "{{ g.average }}",
                   "{{ g.excellent }}"], widths, center=(0, 2, 3, 4))
    add_row(d, t, ["{%tr endfor %}"], widths, merge=True)
    _lines(d, [
        "{%p if bulletin.include_missed %}",
        ("Heading 1", "三、未完成最低履职要求的委员"),
        "以下委员未完成{{ bulletin.year }}年度最低履职要求，请认真对照《委员履职考核办法》，"
        "切实增强履职意识：",
    ])
    widths = [14.0, 30.0, 50.0, 62.0]
    t = table(d, widths, ["序号", "姓名", "界别", "未完成的要求"])
    add_row(d, t, ["{%tr for m in missed %}"], widths, merge=True)
    add_row(d, t, ["{{ loop.index }}", "{{ m.name }}", "{{ m.sector }}", "{{ m.missing }}"],
            widths, center=(0, 1))
    add_row(d, t, ["{%tr endfor %}"], widths, merge=True)
    _lines(d, [
        "{%p endif %}",
        ("Heading 1", "{% if bulletin.include_missed %}四{% else %}三{% endif %}、有关要求"),
        "希望受到通报表扬的委员珍惜荣誉、再接再厉；全体委员以先进为榜样，【待补充：对全体委员"
        "的要求】，为{{ committee.region }}高质量发展贡献智慧和力量。",
        ("居中", ""),
        ("署名", "{{ committee.plain_name }}办公室"),
        ("署名", "{{ today }}"),
    ])
    return d


TEMPLATES: dict[str, Callable[[], Document]] = {
    "常委会工作报告": work_report, "年度工作回眸": year_review, "提案工作情况报告": proposal_report,
    "提案汇编": proposal_compilation, "委员履职档案": member_dossier, "会议签到表": sign_in,
    "委员年度履职情况通报": member_bulletin,
}  # fmt: skip


def main(names: list[str]) -> int:
    folder = template_path()
    folder.mkdir(parents=True, exist_ok=True)
    for name in names or list(TEMPLATES):
        doc = TEMPLATES[name]()
        doc.core_properties.title = name
        doc.core_properties.author = "政协履职工作台"
        doc.core_properties.comments = "内置模板；模板标记的写法见 docs/REPORTS.md"
        path = folder / f"{name}.docx"
        doc.save(str(path))
        print(f"已生成 {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
