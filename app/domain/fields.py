"""Field specifications: the one place where each field's Chinese label and rules live.

Services validate with them, the GUI builds editors and column headers from them, the Excel
exchange uses them as headers, and reports use them in the field reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain.enums import LabeledEnum, RefList

# The longest label of a reference list (党派, 民族 …): ``ref_values.label`` and every column
# that stores such a label have this length, so any value of the list fits where it is used.
REF_LABEL_LENGTH = 60


class Kind(StrEnum):
    TEXT = "text"
    LONGTEXT = "longtext"
    INT = "int"
    DECIMAL = "decimal"
    DATE = "date"
    BOOL = "bool"
    ENUM = "enum"  # a LabeledEnum
    REF = "ref"  # a value of a user-editable RefList, stored as its label
    FK = "fk"  # id of another record


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: Kind = Kind.TEXT
    required: bool = False
    max_length: int | None = None
    enum: type[LabeledEnum] | None = None
    ref_list: RefList | None = None
    fk: str | None = None  # entity name of the referenced record type
    sensitive: bool = False  # masked in views, exports and the audit log
    minimum: int | None = None


def fields(*specs: FieldSpec) -> dict[str, FieldSpec]:
    return {s.name: s for s in specs}


F = FieldSpec
K = Kind
