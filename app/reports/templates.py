"""Templates as the clerk's own material: the built-in ones ship in ``resources/templates``;
the user's copies and additions live in the user data folder under ``templates/<文稿类型>/``.

A user's copy named like the built-in template (常委会工作报告.docx) replaces it for that kind;
``restore_builtin`` puts the shipped version back (keeping the user's file as a backup).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app import config, fileio
from app.errors import AppError
from app.reports.kinds import KINDS, ReportKind, get_kind
from app.text._resources import template_path

if TYPE_CHECKING:
    from app.reports.validate import TemplateProblem


@dataclass(frozen=True)
class TemplateInfo:
    kind: str
    kind_name: str
    name: str
    path: Path
    builtin: bool
    active: bool  # used when no template is named
    modified: dt.datetime


def user_dir(kind: ReportKind | None = None) -> Path:
    folder = config.data_dir() / "templates"
    if kind is not None:
        folder = folder / kind.name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def builtin_template(kind: ReportKind) -> Path:
    return template_path(kind.template_name)


def effective_template(kind: ReportKind) -> Path:
    """The user's copy of the built-in template if there is one, else the built-in."""
    own = user_dir(kind) / kind.template_name
    if own.exists():
        return own
    path = builtin_template(kind)
    if not path.exists():
        raise AppError(f"找不到内置模板“{path}”，程序文件可能不完整，请重新安装。")
    return path


def list_templates(kind: str | None = None) -> list[TemplateInfo]:
    kinds = [get_kind(kind)] if kind else list(KINDS.values())
    out = []
    for k in kinds:
        active = effective_template(k)
        paths = [builtin_template(k), *sorted(user_dir(k).glob("*.docx"))]
        for path in paths:
            if path.name.startswith(("~$", ".")) or not path.exists():
                continue
            out.append(TemplateInfo(k.key, k.name, path.stem, path, path == builtin_template(k),
                                    path == active,
                                    dt.datetime.fromtimestamp(path.stat().st_mtime)))
    return out


class TemplateInvalidError(AppError):
    def __init__(self, path: Path, problems: list[TemplateProblem],
                 outcome: str = "未生成文稿") -> None:
        self.path, self.problems = path, problems
        shown = "\n".join(f"  {n}. {p}" for n, p in enumerate(problems[:12], 1))
        more = f"\n  ……另有{len(problems) - 12}处问题" if len(problems) > 12 else ""
        super().__init__(f"模板“{path.name}”有{len(problems)}处问题，{outcome}：\n{shown}{more}")


_CHECKED: dict[tuple[str, int, str, str], list[TemplateProblem]] = {}
_CHECKED_LOCK = threading.Lock()  # drafts are generated on worker threads


def check_template(path: Path, kind: str, outcome: str = "未生成文稿",
                   content: bytes | None = None) -> None:
    """Raise ``TemplateInvalidError`` naming each problem of the template. An unchanged file
    (same time and same content) is checked once per run. ``content``: the file's bytes as
    the caller read them to render from (``read_template``), so that what is checked is
    what is rendered."""
    if not path.exists():
        raise AppError(f"模板文件“{path}”不存在。")
    stat = path.stat()
    data = content if content is not None else path.read_bytes()
    # the content's hash, not only size and time: a copy of another file can keep both
    key = (str(path.resolve()), stat.st_mtime_ns, hashlib.sha256(data).hexdigest(),
           get_kind(kind).key)
    with _CHECKED_LOCK:
        problems = _CHECKED.get(key)
    if problems is None:
        # python-docx, lxml and jinja2: loaded on the first check, not with the 文稿生成 page
        from app.reports.validate import validate_template

        problems = validate_template(path, key[3])
        with _CHECKED_LOCK:
            _CHECKED[key] = problems
            while len(_CHECKED) > 64:  # a session of editing and re-checking one template
                del _CHECKED[next(iter(_CHECKED))]
    if problems:
        raise TemplateInvalidError(path, problems, outcome)


def read_template(path: Path) -> bytes:
    """The template's bytes, read once for both the check and the rendering."""
    if not path.exists():
        raise AppError(f"模板文件“{path}”不存在。")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise AppError(f"无法读取模板文件“{path}”：{exc.strerror or exc}") from exc


MAX_NAME = 60  # characters; keeps the full path well under Windows' 260
_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[1-9¹²³]|LPT[1-9¹²³])(\..*)?",
                       re.IGNORECASE)
_FORBIDDEN = '/\\:*?"<>|'


def check_template_name(name: str) -> str:
    """The name a user template is saved under, or ``AppError`` saying what is wrong with it.
    Names must be valid file names on Windows too (no ``/ \\ : * ? " < > |``, no control
    characters, not CON/PRN/AUX/NUL/COM1-9/LPT1-9, no trailing dot or space) and stay in the
    templates folder."""
    shown = repr(name) if any(ord(c) < 32 or ord(c) == 127 for c in name) else f"“{name}”"
    if name.lower().endswith(".docx"):
        name = name[:-5]
    if not name.strip():
        raise AppError("模板名称不能为空。")
    bad = sorted({c for c in name if c in _FORBIDDEN}, key=_FORBIDDEN.index)
    if bad:
        raise AppError(f"模板名称{shown}中不能有“{' '.join(bad)}”这些字符"
                       "（它们在文件名中有特殊含义），请换一个名称。")
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise AppError(f"模板名称{shown}中有看不见的控制字符，请重新输入名称。")
    if name != name.rstrip(". ") or name != name.lstrip(" "):
        raise AppError(f"模板名称{shown}不能以空格或句点开头结尾，请去掉后再试。")
    if name.startswith("."):
        raise AppError(f"模板名称{shown}不能以句点开头（这样的文件会被隐藏）。")
    if _RESERVED.fullmatch(name):
        raise AppError(f"模板名称{shown}是 Windows 保留的设备名，不能用作文件名，请换一个名称。")
    if len(name) > MAX_NAME:
        raise AppError(f"模板名称太长（{len(name)}个字），请不超过{MAX_NAME}个字。")
    return name


def _inside(folder: Path, name: str) -> Path:
    target = folder / f"{name}.docx"
    if target.resolve().parent != folder.resolve():  # belt and braces after the name check
        raise AppError(f"模板名称“{name}”会把文件存到模板文件夹以外，请换一个名称。")
    return target


def find_template(kind: str, ref: Path | str) -> Path:
    """``--template``: a path to a .docx file, or the name of one of the kind's templates
    (a user template's name, or the built-in one's)."""
    path = Path(ref)
    if path.exists() and path.is_file():
        return path
    k = get_kind(kind)
    text = str(ref)
    if text and not any(c in text for c in "/\\"):
        name = text[:-5] if text.lower().endswith(".docx") else text
        own = user_dir(k) / f"{name}.docx"
        if own.is_file() and not name.startswith(("~$", ".")):
            return own
        if name == Path(k.template_name).stem:
            return effective_template(k)
    names = [info.name for info in list_templates(k.key)]
    raise AppError(f"找不到模板“{text}”：既不是一个文件，也不是{k.name}的模板名称。"
                   f"可用的模板：{'、'.join(dict.fromkeys(names))}。")


def add_template(kind: str, source: Path, name: str | None = None) -> Path:
    """Copy a checked template into the user folder of ``kind`` under a checked name."""
    k = get_kind(kind)
    if not source.is_file():
        raise AppError(f"模板文件“{source}”不存在。")
    if source.suffix.lower() != ".docx":
        raise AppError(f"模板应是 Word 文档（.docx）：{source.name}")
    stem = check_template_name(name if name is not None else source.stem)
    check_template(source, k.key, "未添加到用户模板")
    target = _inside(user_dir(k), stem)
    if target.exists() and target.resolve() != source.resolve():
        raise AppError(f"用户模板文件夹中已有“{target.name}”，请换一个名称。")
    if target.resolve() != source.resolve():
        fileio.copy_file(source, target)
    return target


def customize(kind: str) -> Path:
    """The user's editable copy of the built-in template (made from the built-in if missing)."""
    k = get_kind(kind)
    target = user_dir(k) / k.template_name
    if not target.exists():
        fileio.copy_file(builtin_template(k), target)
    return target


def restore_builtin(kind: str) -> Path | None:
    """Use the built-in template again; the user's copy is kept as ``…（备份YYYYMMDD-HHMMSS）``.
    Returns the backup's path (None when there was no copy)."""
    k = get_kind(kind)
    own = user_dir(k) / k.template_name
    if not own.exists():
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = own.with_name(f"{own.stem}（备份{stamp}）.docx")
    fileio.rename(own, backup)  # Word holding it: retried, then a plain message
    return backup


def open_in_word_processor(path: Path) -> None:
    """Open a template (or a draft) with the program the system uses for .docx files."""
    if not path.exists():
        raise AppError(f"文件“{path}”不存在。")
    try:
        if sys.platform == "win32":  # pragma: no cover
            os.startfile(path)  # type: ignore[attr-defined]
        elif sys.platform == "darwin":  # pragma: no cover
            subprocess.Popen(["open", str(path)])
        else:
            subprocess.Popen(["xdg-open", str(path)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    except OSError as exc:
        raise AppError(f"无法打开“{path.name}”：没有找到能打开 Word 文档的程序（{exc}）。") from exc
