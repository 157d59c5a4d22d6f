"""Resource lookup and the pure parts of scripts/gen_stroke_table.py (no npm, no network)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from app.text._resources import data_path

REPO = Path(__file__).resolve().parents[2]


def test_data_path_in_the_source_tree() -> None:
    assert data_path("strokes.tsv") == REPO / "resources" / "data" / "strokes.tsv"
    assert data_path("strokes.tsv").exists()


def test_data_path_in_a_pyinstaller_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert data_path("strokes.tsv") == tmp_path / "resources" / "data" / "strokes.tsv"


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_stroke_table", REPO / "scripts" / "gen_stroke_table.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Excerpt of cnchar-order's own stroke table (letter → name and type).
STROKES = {
    "j": {"name": "横", "type": "平笔"},
    "i": {"name": "提", "type": "平笔"},
    "f": {"name": "竖", "type": "平笔"},
    "g": {"name": "竖钩", "type": "折笔"},
    "s": {"name": "撇", "type": "平笔"},
    "k": {"name": "点", "type": "平笔"},
    "d": {"name": "点2", "type": "平笔"},
    "l": {"name": "捺", "type": "平笔"},
    "c": {"name": "横折", "type": "折笔"},
    "e": {"name": "横撇|横钩", "type": "折笔"},
    "u": {"name": "竖弯钩", "type": "折笔"},
    "h": {"name": "竖提", "type": "折笔"},
    "m": {"name": "撇点", "type": "折笔"},
    "y": {"name": "斜钩|卧钩", "type": "折笔"},
}


def test_letter_classes(generator: ModuleType) -> None:
    classes = generator.letter_classes(STROKES)
    assert classes == {
        "j": "1", "i": "1", "f": "2", "g": "2", "s": "3", "k": "4", "d": "4", "l": "4",
        "c": "5", "e": "5", "u": "5", "h": "5", "m": "5", "y": "5",
    }  # fmt: skip


def test_unexpected_stroke_names_are_refused(generator: ModuleType) -> None:
    with pytest.raises(SystemExit):
        generator.letter_classes({"x": {"name": "新笔画", "type": "平笔"}})
    with pytest.raises(SystemExit):
        generator.letter_classes({"x": {"name": "横|横折", "type": "折笔"}})


def test_parse_cnchar(generator: ModuleType) -> None:
    orders = {"一": "j", "王": "jjfj"}
    literals = [json.dumps(data, ensure_ascii=False) for data in (orders, STROKES)]
    js = f"x=JSON.parse('{literals[0]}');y=JSON.parse('{literals[1]}')"
    parsed_orders, parsed_strokes = generator.parse_cnchar(js)
    assert parsed_orders == orders
    assert parsed_strokes == STROKES


def test_corrections_agree_with_their_derivation(generator: ModuleType) -> None:
    for char, (sequence, why) in generator.CORRECTIONS.items():
        parts = "".join(token for token in why.split() if token.isdigit())
        assert sequence == parts, char  # the sequence is the concatenation of its parts
        assert set(sequence) <= set("12345")
