"""How a sensitive field (``FieldSpec.sensitive``) is shown when personal data is hidden: in
lists and detail views without 显示敏感信息, in masked exports and standard tables, and always
in the audit log. The one place that turns a field's value into its masked form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.domain.fields import FieldSpec
from app.domain.schema import RecordType
from app.text.idcard import mask_id_number
from app.text.phone import mask_phone

# How each sensitive field is masked, by field name (a test checks every sensitive field of the
# schema has one).
MASKS: dict[str, Callable[[str], str]] = {
    "id_number": mask_id_number,  # 110105********002X
    "mobile": mask_phone,  # 138****5678
}


def mask_value(spec: FieldSpec, value: Any) -> Any:
    """``value`` as shown when personal data is hidden: masked when the field is sensitive and
    the value is not empty, otherwise unchanged."""
    if not spec.sensitive or value is None or value == "":
        return value
    return MASKS[spec.name](str(value))


def mask_field(rtype: RecordType, name: str, value: Any) -> Any:
    """``mask_value`` for the field ``name`` of ``rtype`` (a name it does not have: unchanged)."""
    spec = rtype.fields.get(name)
    return value if spec is None else mask_value(spec, value)
