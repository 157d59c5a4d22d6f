"""The two long narrative templates (常委会工作报告, 年度工作回眸) and the paragraph helpers
``build_templates.py`` shares; split out to keep each script file short."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docx.document import Document

from app.reports.gongwen import new_document, para

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
        ("部分标题", "{{ scope.unit }}{{ period.review_title }}"),
        "{% if period.kind == \"year\" %}{{ period.label }}是【待补充：本年度的特点，如“全面贯彻"
        "落实党的二十大精神的开局之年”】。{% endif %}{{ period.lead }}，在"
        "{{ committee.party_committee }}的坚强领导下，在{{ committee.congress_short }}、"
        "{{ committee.government_short }}和社会各界的大力支持下，{{ committee.short }}及其常委会"
        "坚持以习近平新时代中国特色社会主义思想为指导，【待补充：工作总体概述】。",
        ("Heading 1", "一、坚持政治引领，思想政治基础进一步筑牢"),
        "常委会【待补充：本部分导语】。",
        "{%p if study.sessions or study.training %}",
        "——理论学习扎实开展。{{ clauses("
        "study.office and committee.short ~ \"机关\" ~ period.year_word ~ \"开展专题学习\" ~ "
        "study.office ~ \"次\", "
        "study.office and study.groups and \"各界别组开展\" ~ study.groups ~ \"次\", "
        "study.office and study.committees and \"各专门委员会开展\" ~ study.committees ~ \"次\", "
        "not study.office and study.sessions and period.whole ~ \"开展专题学习\" ~ "
        "study.sessions ~ \"次\", "
        "study.training and \"举办\" ~ (\"全体委员参加的\" if study.training_full.value == "
        "study.training.value else \"\") ~ \"专题培训\" ~ study.training ~ \"次\", "
        "study.training_full and study.training_full.value < study.training.value and "
        "\"其中全体委员参加的\" ~ study.training_full ~ \"次\") }}。"
        "【待补充：学习的主要内容和成效】",
        "{%p endif %}",
        "{%p if study.lectures or study.reading %}",
        "——书香政协持续推进。{{ clauses(study.lectures and \"举办委员讲坛\" ~ study.lectures ~ "
        "\"期\", study.reading and \"开展读书活动\" ~ study.reading ~ \"次\") }}。"
        "【待补充：读书活动的特色做法】",
        "{%p endif %}",
        "——党的建设不断加强。【待补充：机关党建和全面从严治党情况】",
        ("Heading 1", "二、聚焦中心大局，建言资政质效进一步提升"),
        "常委会围绕{{ committee.party_short }}中心工作，【待补充：本部分导语】。",
        "{%p if events.consultation or outcomes.reports %}",
        "——协商议政更加深入。{{ clauses("
        "events.consultation and period.whole ~ \"开展各类协商活动\" ~ events.consultation ~ "
        "\"次\" ~ (\"（\" ~ events.consultation_kinds.phrases ~ \"）\" "
        "if events.consultation_kinds|length > 1 else \"\"), "
        "outcomes.reports and \"形成协商报告、调研报告和视察报告\" ~ outcomes.reports ~ \"篇\", "
        "outcomes.items and \"提出意见建议\" ~ (outcomes.aspects ~ \"方面\" if outcomes.aspects "
        "else \"\") ~ outcomes.items ~ \"条\") }}。"
        "{% for o in lists.top_outcomes %}{% if loop.first %}其中，{% endif %}"
        "《{{ o.title }}》提出{% if o.aspects %}{{ o.aspects }}方面{% endif %}{{ o.items }}条建议"
        "{% if loop.last %}。{% else %}；{% endif %}{% endfor %}"
        "【待补充：协商成果的采纳和转化情况】",
        "{%p endif %}",
        "{%p if events.inspection or events.oversight or activities.appraisals %}",
        "——视察监督更加有力。{% if activities.appraisals %}{% set targets = lists.appraisals"
        "|map(attribute=\"topic\")|select|unique|join(\"、\") %}{% else %}{% set targets = \"\" %}"
        "{% endif %}{{ clauses(events.inspection and period.whole ~ \"开展视察调研\" ~ "
        "events.inspection ~ \"次\", events.oversight and \"开展民主监督\" ~ events.oversight ~ "
        "\"次\", activities.appraisals and \"组织\" ~ "
        "(\"对\" ~ targets ~ \"开展\" if targets else \"\") ~ "
        "\"民主评议\" ~ activities.appraisals ~ \"次\") }}。"
        "【待补充：视察监督的重点课题和成效】",
        "{%p endif %}",
        "{%p if proposals.received %}",
        "——提案工作更加扎实。{{ clauses("
        "period.whole ~ \"共收到\" ~ (\"归口本单位的\" if scope.unit else \"\") ~ \"提案\" ~ "
        "proposals.received ~ \"件\", "
        "proposals.accepted and \"立案\" ~ proposals.accepted ~ \"件\", "
        "proposals.key and \"确定重点提案\" ~ proposals.key ~ \"件\", "
        "proposals.supervised and (\"深入\" ~ proposals.supervised_by_department.top(3) ~ "
        "\"等承办单位\" if proposals.supervised_by_department else \"\") ~ \"督办提案\" ~ "
        "proposals.supervised ~ \"件\") }}。"
        "{% if proposals.replied %}截至{{ period.as_of }}，{{ clauses("
        "\"已办复\" ~ proposals.replied ~ \"件\", \"办复率\" ~ proposals.reply_rate, "
        "proposals.evaluated and \"提案者满意率\" ~ proposals.satisfaction_rate) }}。{% endif %}"
        "【待补充：提案办理的成效】",
        "{%p endif %}",
        ("Heading 1", "三、践行为民宗旨，凝聚共识作用进一步彰显"),
        "常委会【待补充：本部分导语】。",
        "{%p if events.service or homes.activities %}",
        # (“ ” cannot stand inside a tag: Word's quotes there are read as tag quotes)
        "——联系服务群众更加有效。{% if events.service %}组织开展“服务为民”“进基层联系群众”等活动"
        "{{ events.service }}次{% if service.people or service.deeds or service.funds or "
        "service.beneficiaries %}，{{ clauses("
        "service.people and \"服务群众\" ~ service.people.approx ~ \"人次\", "
        "service.deeds and \"办好事实事\" ~ service.deeds.approx ~ \"件\", "
        "service.funds and \"筹集资金\" ~ service.funds ~ \"万元\", "
        "service.beneficiaries and \"受益群众\" ~ service.beneficiaries.approx ~ \"人\") }}"
        "{% endif %}。{% endif %}"
        "{% if homes.activities %}{% if not scope.unit %}全{{ committee.place_word }}{% endif %}"
        "{{ homes.count }}个“委员之家”开展活动"
        "{{ homes.activities }}次{% if homes.participants %}，委员参与{{ homes.participants }}人次"
        "{% endif %}。{% endif %}"
        "{% if not platforms.sessions %}【待补充：“有事来商量”等协商议事平台的建设和活动情况"
        "（可在“协商议事”页登记平台和议事活动）】{% endif %}",
        "{%p endif %}",
        "{%p if platforms.sessions or activities.promotion_meetings %}",
        "——协商议事平台作用有效发挥。{% if activities.promotion_meetings %}"
        "{% if activities.promotion_meetings.value > 1 %}先后{% endif %}召开观摩推进会"
        "{{ activities.promotion_meetings }}次{% if platforms.sessions %}，{% else %}。{% endif %}"
        "{% endif %}{% if platforms.sessions %}依托{{ platforms.count }}个"
        "“有事来商量”等协商议事平台"
        "开展协商议事活动{{ platforms.sessions }}次，委员参与协商议事活动"
        "{{ platforms.member_times.approx }}次{% if platforms.results %}，落实协商结果"
        "{{ platforms.results }}件{% endif %}。{% endif %}【待补充：协商议事的典型事例】",
        "{%p endif %}",
        "{%p if opinions.received %}",
        "——反映社情民意更加及时。{{ clauses(period.whole ~ \"共收集\" ~ (\"归口本单位的\" if "
        "scope.unit else \"\") ~ \"社情民意信息\" ~ "
        "opinions.received ~ \"篇\", opinions.received.yoy) }}"
        "{% if opinions.issued or opinions.forwarded_by_level or opinions.adopted or "
        "opinions.instructions %}。{{ clauses("
        "opinions.issued and \"编发《社情民意》\" ~ opinions.issued ~ \"篇\", "
        "opinions.forwarded_by_level and \"编辑上报\" ~ opinions.forwarded_by_level.phrases, "
        "opinions.adopted and \"被上级政协采用\" ~ opinions.adopted ~ \"篇\", "
        "opinions.instructions and \"获领导批示\" ~ opinions.instructions ~ \"篇\") }}"
        "{% endif %}。"
        "{% for o in lists.opinions_adopted_national %}{% if loop.first %}其中，{% endif %}"
        "《{{ o.title }}》被{% if \"全国政协\" not in (o.outlet or \"\") %}全国政协{% endif %}"
        "{{ o.outlet }}采用"
        "{% if loop.last %}。{% else %}；"
        "{% endif %}{% endfor %}【待补充：信息工作的做法】",
        "{%p endif %}",
        "——文化文史工作成果丰硕。{% if events.history %}开展文史研究活动{{ events.history }}次。"
        "{% endif %}{% if publications.count %}编印{% for p in lists.publications %}"
        # a title with its own 书名号 (《示范县文史》第50辑) is written as it is, set off by 、
        "{% if loop.index <= 3 %}{% if not loop.first and (\"《\" in p.title or \"《\" in "
        "loop.previtem.title) %}、{% endif %}{% if \"《\" in p.title %}{{ p.title }}{% else %}"
        "《{{ p.title }}》{% endif %}{% endif %}{% endfor %}"
        "{% if lists.publications|length > 3 %}等{% endif %}文史资料{{ publications.count }}部"
        "{% if publications.volumes %}{{ publications.volumes }}册{% endif %}"
        "{% if publications.words %}，{{ publications.words }}万字{% endif %}。"
        "【待补充：文史资料的主要内容】{% else %}【待补充：文史资料征集、编辑出版情况"
        "（可在“宣传文史”页登记文史资料）】{% endif %}",
        "{%p if media.reports %}",
        "——履职宣传更加有力。各级媒体报道本会工作和委员履职{{ media.reports }}次"
        "{% if media.higher %}，其中中央和省级媒体报道{{ media.higher }}次{% endif %}"
        "{% for m in lists.media_outlets %}{% if loop.first %}；报道的媒体有{% endif %}"
        "{% if loop.index <= 5 %}{% if not loop.first and not (m.bracketed and "
        "loop.previtem.bracketed) %}、{% endif %}{{ m.shown }}{% endif %}"
        "{% if loop.last and loop.length > 5 %}等{{ media.outlets }}家{% endif %}{% endfor %}。"
        "【待补充：宣传工作的主要做法】",
        "{%p endif %}",
        "{%p if events.outreach or activities.receptions %}",
        "——联谊交往不断拓展。{{ clauses(events.outreach and \"开展联谊活动\" ~ events.outreach "
        "~ \"次\", "
        "activities.fellowship_guests and \"联系各界人士\" ~ activities.fellowship_guests.appro"
        "x ~ \"人\", "
        "activities.receptions and \"接待来访考察\" ~ activities.receptions ~ \"批次\") }}。"
        "{% for e in lists.fellowship %}{% if loop.index <= 3 %}"
        "{% if loop.first %}其中，{% endif %}{{ e.title }}，{{ e.people.approx }}人参加"
        "{% if loop.last or loop.index == 3 %}。{% else %}；{% endif %}{% endif %}{% endfor %}"
        "【待补充：联谊交流的主要活动】",
        "{%p endif %}",
        ("Heading 1", "四、加强自身建设，履职能力进一步增强"),
        "常委会【待补充：本部分导语】。",
        "——委员队伍不断优化。{% if members.added %}{{ period.whole }}增补委员{{ members.added }}名"
        "{% if members.standing_added %}、常委{{ members.standing_added }}名{% endif %}。"
        "{% endif %}"
        "{% if members.total %}截至{{ period.as_of }}，{{ scope.unit }}共有委员"
        "{{ members.total }}名"
        "{% if members.standing %}，其中常委{{ members.standing }}名{% endif %}。{% endif %}"
        "【待补充：专门委员会、界别组、联络组调整情况】",
        "——履职活力持续激发。{% if activities.standing_meetings or activities.chair_meetings or "
        "events.total %}{{ clauses("
        "activities.standing_meetings and period.whole ~ \"召开常委会议\" ~ "
        "activities.standing_meetings ~ \"次\", "
        "activities.chair_meetings and (\"主席会议\" if activities.standing_meetings else "
        "period.whole ~ \"召开主席会议\") ~ activities.chair_meetings ~ \"次\", "
        "events.total and \"组织各类会议和活动\" ~ events.total ~ \"次\") }}。{% endif %}"
        "{% if participations.plenary_rate or participations.standing_rate %}{{ clauses("
        "participations.plenary_rate and \"委员出席全体会议的出席率为\" ~ "
        "participations.plenary_rate, "
        "participations.standing_rate and \"常委出席常委会议的出席率为\" ~ "
        "participations.standing_rate) }}。【待补充：履职考核和通报情况】{% else %}"
        "【待补充：委员出勤、履职考核和通报情况】{% endif %}",
        "{%p if honors.members or honors.organizations %}",
        "——“一岗双责”成效凸显。{% if honors.members %}{{ scope.unit }}委员受各级表彰"
        "{{ honors.members }}人次"
        "{% if honors.members_higher %}，其中受上级表彰{{ honors.members_higher }}人次{% endif %}。"
        "{% for h in lists.honors_higher %}{% if loop.index <= 3 %}{{ h.name }}委员获"
        "{{ h.title|q }}{% if loop.index < 3 and not loop.last %}；{% elif loop.length > 3 %}等。"
        "{% else %}。{% endif %}{% endif %}{% endfor %}"
        "{% endif %}{% for h in lists.honors_organizations %}{{ h.name }}被{{ h.body }}表彰为"
        "{{ h.title|q }}。{% endfor %}【待补充：委员岗位建功的典型事例】",
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
        "{{ committee.region_short }}成立{{ committee.age }}周年。{% endif %}{{ period.lead }}，"
        "{{ committee.short }}及其常委会坚持以习近平新时代中国特色社会主义思想为指导，"
        "【待补充：编者按正文：工作总体情况】。",
        "{%p for u in units %}",
        ("栏目", "■ {{ u.name }}"),
        ("分节标题", "【待补充：本单位标题，如“立足服务保障 提升工作效能”】"),
        "{{ period.lead }}，{{ committee.short }}{{ u.name }}【待补充：导语】，圆满完成"
        "{{ period.year_word }}各项工作任务。",
        *_review_study(),
        *_review_counsel(),
        *_review_consensus(),
        "【待补充：四字四字，四字四字。】【待补充：沟通联络、制度建设和自身建设情况】",
        "{%p endfor %}",
    ])
    return d


def _review_study() -> list[str]:
    """学习 and the unit's 委员之家 (the 委员之家 under it: 牵头指导……开展活动108次)."""
    return [
        "【待补充：四字四字，四字四字。如“强化理论武装，筑牢思想根基。”】"
        "{% if u.study.sessions or u.study.lectures or u.study.reading %}"
        "{{ clauses(u.study.sessions and \"组织专题学习\" ~ u.study.sessions ~ \"次\", "
        "u.study.lectures and \"举办委员讲坛\" ~ u.study.lectures ~ \"期\", "
        "u.study.reading and \"开展读书活动\" ~ u.study.reading ~ \"次\") }}。{% endif %}"
        "{% if u.homes.activities %}指导{% if u.homes.count %}{{ u.homes.count }}个{% endif %}"
        "“委员之家”开展活动{{ u.homes.activities }}次{% if u.homes.participants %}，委员参与"
        "{{ u.homes.participants }}人次{% endif %}。{% endif %}"
        "【待补充：理论学习和政治建设的做法】",
    ]


def _review_counsel() -> list[str]:
    """建言资政: the committee-wide figures in the section of the unit that handles them (said
    of the whole committee, the unit's share named as such), then the unit's own topics."""
    return [
        "【待补充：四字四字，四字四字。】"
        "{% if u.is_office and events.total %}{{ clauses(committee.short ~ period.year_word ~ "
        "\"服务保障各类会议和活动\" ~ events.total.approx ~ \"次\", "
        "u.activities.receptions and \"接待来访考察\" ~ u.activities.receptions ~ \"批次\") }}。"
        "{% if media.higher %}委员履职事迹被{% if media.outlets_higher %}"
        "{{ media.outlets_higher }}家{% endif %}中央和省级媒体报道{{ media.higher }}次。"
        "{% endif %}"
        # the committee's 委员之家 (a committee that leads some also prints its own: 指导……)
        "{% if homes.activities %}全{{ committee.place_word }}{% if homes.count %}"
        "{{ homes.count }}个{% endif %}“委员之家”开展活动{{ homes.activities }}次"
        "{% if homes.participants %}，委员参与{{ homes.participants }}人次{% endif %}。{% endif %}"
        "{% endif %}"
        "{% if u.handles_proposals and proposals.received %}{{ clauses("
        "committee.short ~ period.year_word ~ \"共收到提案\" ~ proposals.received ~ \"件\" ~ "
        "(\"（其中归口\" ~ u.self_word ~ u.proposals.received ~ \"件）\" if u.proposals.received "
        "else \"\"), "
        "proposals.accepted and \"立案\" ~ proposals.accepted ~ \"件\", "
        "proposals.key and \"确定重点提案\" ~ proposals.key ~ \"件\", "
        "proposals.supervised and \"督办提案\" ~ proposals.supervised ~ \"件\", "
        "proposals.replied and \"截至\" ~ period.as_of ~ \"办复率\" ~ proposals.reply_rate) }}。"
        "{% if proposals.proposers %}{{ committee.short }}共有{{ proposals.proposers }}名委员"
        "提出（联名）提案。{% endif %}{% endif %}"
        # received (征集) and handled (编发、上报、采用, by their dates) are two cohorts
        "{% if u.handles_opinions and opinions.received %}{{ clauses("
        "committee.short ~ period.year_word ~ \"征集社情民意信息\" ~ opinions.received ~ \"篇\" ~ "
        "(\"（其中归口\" ~ u.self_word ~ u.opinions.received ~ \"篇）\" if u.opinions.received "
        "else \"\"), "
        "members.total and opinions.submitters >= members.total and \"实现委员参与全覆盖\", "
        "opinions.adopted_members and opinions.adopted_members ~ \"名委员的信息获得采用\" ~ "
        "(\"，占委员总数的\" ~ opinions.adopted_member_rate if opinions.adopted_member_rate "
        "else \"\")) }}。"
        "{% if opinions.issued or opinions.forwarded or opinions.adopted %}{{ clauses("
        "opinions.issued and \"编发《社情民意》\" ~ (opinions.bulletin_issues ~ \"期\" if "
        "opinions.bulletin_issues else \"\") ~ opinions.issued ~ \"篇\", "
        "opinions.forwarded and \"向上级政协报送信息\" ~ opinions.forwarded ~ \"篇\", "
        "opinions.forwarded_province and \"其中上报省政协\" ~ opinions.forwarded_province ~ "
        "\"篇\", "
        "opinions.adopted_city and \"市政协采用\" ~ opinions.adopted_city ~ \"篇\", "
        "opinions.adopted_province and \"省政协采用\" ~ opinions.adopted_province ~ \"篇\", "
        "opinions.adopted_national and \"全国政协采用\" ~ opinions.adopted_national ~ \"篇\", "
        "opinions.instructions and \"获领导批示\" ~ opinions.instructions ~ \"篇\") }}。"
        "{% endif %}"
        "{% for o in lists.opinions_adopted_national %}{% if loop.index <= 3 %}"
        "《{{ o.title }}》{% if loop.index < 3 and not loop.last %}、{% endif %}{% endif %}"
        "{% if loop.last %}{% if loop.length > 3 %}等{{ loop.length }}篇信息{% endif %}"
        "被全国政协采用。{% endif %}{% endfor %}{% endif %}"
        "{% if u.events.consultation or u.events.inspection or u.outcomes.total or "
        "u.activities.appraisals %}"
        "{{ clauses(u.events.consultation and \"开展协商活动\" ~ u.events.consultation ~ \"次\", "
        "u.events.inspection and \"开展视察调研\" ~ u.events.inspection ~ \"次\", "
        "u.activities.appraisals and \"开展民主评议\" ~ u.activities.appraisals ~ \"次\", "
        "u.outcomes.total and \"形成报告和建议\" ~ u.outcomes.total ~ \"篇\", "
        "u.outcomes.problems and \"梳理问题\" ~ u.outcomes.problems ~ \"项\", "
        "u.outcomes.items and \"提出\" ~ (u.outcomes.aspects ~ \"方面\" if u.outcomes.aspects "
        "else \"\") ~ u.outcomes.items ~ \"条建议\", "
        "u.outcomes.instructed and \"获领导批示\" ~ u.outcomes.instructed ~ \"篇\") }}。"
        "{% endif %}"
        # the unit's own topics with what their outcome records hold (a topic without a
        # report, 方面/条 or 批示 is only counted above)
        "{% for t in u.lists.topics %}{% if t.items or t.problems or t.instructed %}"
        "围绕{{ t.topic|q }}开展{{ t.kind }}{% if t.headcount %}（{{ t.headcount }}名委员参加）"
        "{% endif %}{% if t.problems %}，梳理问题{{ t.problems }}项{% endif %}"
        "{% if t.items %}，提出{% if t.aspects %}{{ t.aspects }}方面{% endif %}{{ t.items }}条"
        "建议{% endif %}{% if t.instructed %}，获{{ t.instructed }}批示{% endif %}。"
        "{% endif %}{% endfor %}"
        "【待补充：围绕中心建言资政的主要课题和成效】",
    ]


def _review_consensus() -> list[str]:
    """The unit's own 归口 proposals and 社情民意, the 重点提案 it supervised by title, its
    featured events with their headcount, and each kind of service activity on its own."""
    return [
        "【待补充：四字四字，四字四字。】"
        "{% if u.proposals.received and not u.handles_proposals %}{{ clauses("
        "(u.proposals.proposers ~ \"名委员提出\" if u.proposals.proposers else \"收到\") ~ "
        "\"归口\" ~ u.self_word ~ \"的提案\" ~ u.proposals.received ~ \"件\", "
        "u.proposals.accepted and \"立案\" ~ u.proposals.accepted ~ \"件\", "
        "u.proposals.supervised and \"其中督办提案\" ~ u.proposals.supervised ~ \"件\") }}。"
        "{% endif %}"
        "{% for p in u.lists.key_supervised %}{% if loop.first %}对重点提案{% endif %}"
        "{% if loop.index <= 3 %}《{{ p.title }}》{% if loop.index < 3 and not loop.last %}、"
        "{% endif %}{% endif %}{% if loop.last %}{% if loop.length > 3 %}等{{ loop.length }}件"
        "{% endif %}进行督办。{% endif %}{% endfor %}"
        "{% if u.opinions.received and not u.handles_opinions %}{{ clauses("
        "\"收到归口\" ~ u.self_word ~ \"的社情民意信息\" ~ u.opinions.received ~ \"篇\", "
        "u.opinions.received_adopted and \"其中\" ~ u.opinions.received_adopted ~ \"篇被采用\", "
        "u.opinions.adopted_members and \"涉及委员\" ~ u.opinions.adopted_members ~ \"名\") }}。"
        "{% if u.opinions.forwarded_province %}{{ period.whole }}上报省政协"
        "{{ u.opinions.forwarded_province }}篇{% if u.opinions.adopted_province %}，省政协采用"
        "{{ u.opinions.adopted_province }}篇{% endif %}。{% endif %}{% endif %}"
        "{% for e in u.lists.featured_events %}{% if e.headcount %}{{ e.date }}，{{ e.title }}，"
        "{{ e.headcount }}名委员参加。{% endif %}{% endfor %}"
        "{% if u.service.people_activities or u.service.law or u.service.grassroots %}"
        "{% if u.service.people_activities %}开展“服务为民”活动{{ u.service.people_activities }}次"
        "{% endif %}{% if u.service.law %}{% if u.service.people_activities %}，{% endif %}"
        "开展“送法下基层”活动{{ u.service.law }}次{% endif %}{% if u.service.grassroots %}"
        "{% if u.service.people_activities or u.service.law %}，{% endif %}开展进基层联系群众活动"
        "{{ u.service.grassroots }}次{% endif %}"
        "{% if u.service.people or u.service.deeds or u.service.funds or u.service.beneficiaries %}"
        "，{{ clauses(u.service.deeds and \"办好事实事\" ~ u.service.deeds.approx ~ \"件\", "
        "u.service.people and \"服务群众\" ~ u.service.people.approx ~ \"人次\", "
        "u.service.funds and \"筹集资金\" ~ u.service.funds ~ \"万元\", "
        "u.service.beneficiaries and \"资助和受益\" ~ u.service.beneficiaries.approx ~ \"人\") }}"
        "{% endif %}。{% endif %}"
        "【待补充：凝聚共识、服务为民的做法】",
    ]
