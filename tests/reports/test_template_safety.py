"""Templates are data: a .docx that reaches for Python internals is refused by the check and
by ``template add``, and cannot run anything when a draft is generated — not with the check
bypassed, and not from a customised copy in the user folder."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from docx import Document

from app.errors import AppError
from app.reports import templates
from app.reports.filters import environment
from app.reports.gongwen import new_document, para
from app.reports.kinds import ReportRequest
from app.reports.period import Period
from app.reports.validate import validate_template

GOOD = "全年共收到提案{{ proposals.received }}件。"


def template(folder: Path, *paragraphs: str, name: str = "模板.docx") -> Path:
    doc = new_document()
    for text in paragraphs:
        para(doc, text)
    path = folder / name
    doc.save(str(path))
    return path


def payloads(marker: Path) -> list[str]:
    """Expressions that run a shell command, or reach the modules/objects that could, in an
    unsandboxed Jinja (the first ones are checked to really work there)."""
    touch = f"touch {marker}"
    return [
        f"{{{{ cycler.__init__.__globals__.os.popen('{touch}').read() }}}}",
        f"{{{{ joiner.__init__.__globals__.os.system('{touch}') }}}}",
        f"{{{{ lipsum.__globals__['os'].popen('{touch}').read() }}}}",
        f"{{{{ namespace.__init__.__globals__.os.popen('{touch}').read() }}}}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{% for c in ''.__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
        "{{ self._TemplateReference__context }}",
        "{{ config.items() }}",
        "{{ request.application.__globals__ }}",
        "{{ todo.__globals__['os'] }}",
        "{{ clauses.func_globals }}",
        "{{ proposals.accepted.tracker.db }}",
        "{{ chart.tpl.save('x.docx') }}",
        "{{ committee|attr('__class__') }}",
        "{{ committee['__cla' ~ 'ss__'] }}",
        "{{ lists.key_proposals|map(attribute='__class__')|list }}",
        "{{ '{0.__class__.__mro__}'.format(committee) }}",
    ]


def test_the_shell_payloads_are_real_outside_the_sandbox(tmp_path: Path) -> None:
    """Proof that the payloads below would run a command in plain Jinja."""
    for n, payload in enumerate(payloads(tmp_path / "m")[:4]):
        marker = tmp_path / f"plain{n}"
        jinja2.Environment().from_string(payload.replace(str(tmp_path / "m"),
                                                         str(marker))).render()
        assert marker.exists(), payload


@pytest.mark.parametrize("index", range(17))
def test_check_and_add_refuse_unsafe_templates_naming_the_paragraph(tmp_path: Path,
                                                                    index: int) -> None:
    payload = payloads(tmp_path / "marker")[index]
    path = template(tmp_path, GOOD, "第二段照常。", f"其中{payload}。")
    problems = validate_template(path, "work-report")
    unsafe = [p for p in problems if p.kind == "不安全"]
    assert len(unsafe) == 1, [str(p) for p in problems]
    assert unsafe[0].number == 3 and unsafe[0].paragraph == f"其中{payload}。"
    assert "程序内部" in unsafe[0].message and "不允许" in unsafe[0].message
    assert str(unsafe[0]).startswith("正文第3段“其中")
    with pytest.raises(templates.TemplateInvalidError, match="正文第3段"):
        templates.check_template(path, "work-report")
    with pytest.raises(templates.TemplateInvalidError):
        templates.add_template("work-report", path, "我的模板")
    assert list(templates.user_dir(templates.get_kind("work-report")).iterdir()) == []
    assert not (tmp_path / "marker").exists()


@pytest.mark.parametrize("index", range(17))
def test_generation_with_the_check_bypassed_runs_nothing_and_saves_nothing(
        tmp_path: Path, index: int, report_demo, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.reports import engine

    monkeypatch.setattr(engine, "check_template", lambda *_a: None)
    marker = tmp_path / "marker"
    payload = payloads(marker)[index]
    path = template(tmp_path, GOOD, "第二段照常。", f"其中{payload}。")
    out = tmp_path / "out" / "稿.docx"
    out.parent.mkdir()
    with pytest.raises(AppError) as info:
        engine.generate(report_demo.db, ReportRequest("work-report", out, Period.year(2025),
                                                      template=path), record=False)
    message = str(info.value)
    assert "没有写入任何文件" in message
    assert "正文第3段“其中" in message, message
    assert not marker.exists()
    assert list(out.parent.iterdir()) == []


def test_the_environment_is_sandboxed_and_trimmed() -> None:
    env = environment()
    assert isinstance(env, jinja2.sandbox.ImmutableSandboxedEnvironment)
    for name in ("cycler", "lipsum", "joiner"):
        assert name not in env.globals
    assert env.from_string("{{ range(3)|join(',') }}").render() == "0,1,2"
    for source in ("{{ range(100000)|length }}", "{{ 'x' * 1000000 }}", "{{ 2 ** 100000 }}",
                   "{{ [1] * 100000 }}", "{{ ''.__class__ }}", "{{ [].append(1) }}",
                   "{{ 'x'.ljust(10 ** 9) }}", "{{ 'x'|center(10 ** 9) }}",
                   "{{ '%0999999999d' % 1 }}", "{{ '%099999999d'|format(1) }}",
                   "{{ '{:>999999999}'.format(1) }}", "{{ x.__class__ is defined }}"):
        with pytest.raises(jinja2.exceptions.SecurityError):
            env.from_string(source).render(x=1)
    assert env.from_string("{{ '%.1f%%' % 12.345 }}{{ 'x'|center(5) }}").render() == "12.3%  x  "
    # the Chinese filters are still there
    assert env.from_string("{{ 236|cn }}").render() == "二百三十六"


def test_a_customised_copy_is_checked_and_sandboxed(tmp_path: Path, report_demo,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from app.reports import engine

    copy = templates.customize("work-report")
    marker = tmp_path / "marker"
    doc = Document(str(copy))
    doc.add_paragraph(payloads(marker)[0])
    doc.save(str(copy))
    assert templates.effective_template(templates.get_kind("work-report")) == copy
    out = tmp_path / "out" / "稿.docx"
    out.parent.mkdir()
    request = ReportRequest("work-report", out, Period.year(2025))
    with pytest.raises(templates.TemplateInvalidError, match="程序内部"):
        engine.generate(report_demo.db, request, record=False)
    monkeypatch.setattr(engine, "check_template", lambda *_a: None)
    with pytest.raises(AppError, match="不允许的写法"):
        engine.generate(report_demo.db, request, record=False)
    assert not marker.exists() and list(out.parent.iterdir()) == []


def test_a_template_in_a_header_is_checked_and_sandboxed(tmp_path: Path, report_demo,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    from app.reports import engine

    path = template(tmp_path, GOOD)
    doc = Document(str(path))
    doc.sections[0].header.paragraphs[0].text = "页眉{{ ''.__class__.__mro__ }}"
    doc.core_properties.title = "{{ config.items() }}"
    doc.save(str(path))
    problems = [str(p) for p in validate_template(path, "work-report")]
    assert any(p.startswith("页眉页脚第1段“页眉{{") and "不允许" in p for p in problems)
    assert any(p.startswith("文档属性") and "config" in p for p in problems)
    monkeypatch.setattr(engine, "check_template", lambda *_a: None)
    out = tmp_path / "稿.docx"
    with pytest.raises(AppError, match="页眉页脚第1段"):
        engine.generate(report_demo.db, ReportRequest("work-report", out, Period.year(2025),
                                                      template=path), record=False)
    assert not out.exists()


def test_an_unsafe_document_property_is_named_at_generation(tmp_path: Path, report_demo,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    from app.reports import engine

    path = template(tmp_path, GOOD)
    doc = Document(str(path))
    doc.core_properties.subject = "{{ proposals.accepted.source }}"
    doc.save(str(path))
    (problem,) = validate_template(path, "work-report")
    assert str(problem).startswith("文档属性第2段“主题：{{ proposals.accepted.source }}”")
    monkeypatch.setattr(engine, "check_template", lambda *_a: None)
    out = tmp_path / "稿.docx"
    with pytest.raises(AppError, match="在文档属性第2段“主题：") as info:
        engine.generate(report_demo.db, ReportRequest("work-report", out, Period.year(2025),
                                                      template=path), record=False)
    assert "不允许的写法" in str(info.value) and not out.exists()
