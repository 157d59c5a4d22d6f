"""What a draft reuses from the previous one in the same run: the template's compiled Jinja
code (bound to each render's own environment) and the template check (by the file's time and
content, not its size and time alone)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import jinja2
import pytest

from app.reports import templates
from app.reports.filters import environment
from app.reports.gongwen import new_document, para
from app.reports.render_check import CompiledSources
from app.reports.sandbox import ReportEnvironment

SOURCE = "<w:p>{{ a }}</w:p>\n<w:p>{% if b %}{{ b }}{% endif %}</w:p>"


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    compiled: list[str] = []
    real = ReportEnvironment.compile

    def compile_(self, source, *args, **kwargs):  # type: ignore[no-untyped-def]
        compiled.append(source)
        return real(self, source, *args, **kwargs)

    monkeypatch.setattr(ReportEnvironment, "compile", compile_)
    return compiled


def test_a_source_is_compiled_once_and_renders_as_from_string(
        monkeypatch: pytest.MonkeyPatch) -> None:
    cache = CompiledSources()
    compiled = _counting(monkeypatch)
    context = {"a": "甲 & 乙", "b": "<丙>"}
    expected = environment().from_string(SOURCE).render(context)
    assert len(compiled) == 1
    first = cache.template(environment(), SOURCE).render(context)
    second = cache.template(environment(), SOURCE).render(context)
    assert first == second == expected and "&amp;" in first and "&lt;丙&gt;" in first
    assert len(compiled) == 2  # once for from_string, once for the cache: not again


def test_each_render_notes_values_on_its_own_environment() -> None:
    """check_finished reads the values that printed tag characters from the environment of
    the render: a cached template must not keep noting them on the first one's."""
    cache = CompiledSources()
    one, two = environment(), environment()
    cache.template(one, SOURCE).render(a="x", b="")
    cache.template(two, SOURCE).render(a="标题里有{{", b="")
    assert one.tagged_values == set() and two.tagged_values == {"标题里有{{"}


def test_the_key_holds_the_settings_the_compiler_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    cache = CompiledSources()
    compiled = _counting(monkeypatch)
    escaped = environment()
    plain = environment()
    plain.autoescape = False
    assert cache.template(escaped, SOURCE).render(a="&", b="").startswith("<w:p>&amp;")
    assert cache.template(plain, SOURCE).render(a="&", b="").startswith("<w:p>&</w:p>")
    assert len(compiled) == 2
    with pytest.raises(jinja2.TemplateSyntaxError):
        cache.template(escaped, "{% if %}")
    with pytest.raises(jinja2.TemplateSyntaxError):  # a failure is not kept
        cache.template(escaped, "{% if %}")
    small = CompiledSources(size=2)
    for n in range(5):
        small.template(escaped, f"{n}{{{{ a }}}}")
    assert len(small._code) == 2


def _docx(path: Path, text: str) -> None:
    doc = new_document()
    para(doc, text)
    doc.save(str(path))


def _same_size(a: Path, b: Path) -> None:
    """Pad the smaller file with a zip comment until both have the same size."""
    small, large = sorted((a, b), key=lambda p: p.stat().st_size)
    with zipfile.ZipFile(small, "a") as z:
        z.comment = b" " * (large.stat().st_size - small.stat().st_size)
    assert a.stat().st_size == b.stat().st_size


def test_a_replaced_template_of_the_same_size_and_time_is_checked_again(
        tmp_path: Path) -> None:
    good, bad = tmp_path / "good.docx", tmp_path / "bad.docx"
    _docx(good, "全年共收到提案{{ proposals.received }}件。")
    _docx(bad, "全年共收到提案{{ proposals.no_such_figure }}件。")
    _same_size(good, bad)
    target = tmp_path / "模板.docx"
    target.write_bytes(good.read_bytes())
    stamp = target.stat().st_mtime_ns
    templates.check_template(target, "work-report")  # fine, and remembered
    target.write_bytes(bad.read_bytes())  # a copy that keeps size and time
    os.utime(target, ns=(stamp, stamp))
    with pytest.raises(templates.TemplateInvalidError, match="no_such_figure"):
        templates.check_template(target, "work-report")
    with pytest.raises(templates.TemplateInvalidError):  # the bytes read for the render
        templates.check_template(target, "work-report", "未生成文稿", bad.read_bytes())
    templates.check_template(target, "work-report", "未生成文稿", good.read_bytes())
