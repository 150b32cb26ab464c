"""Forms: msgspec schemas validated field by field, so every error lands next to its field.

A schema is a msgspec Struct. Constraints live in `Annotated[..., Meta(...)]`; the message a
user reads for a field comes from the struct's `__messages__` mapping (lazily translated).
Cross-field rules go in a `check(self) -> dict[str, str]` method.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Generic, TypeVar, get_args, get_origin

import msgspec
from litestar import Request

from werkgeversportaal.lib.i18n import gettext as _

S = TypeVar("S", bound=msgspec.Struct)


@dataclass
class FormResult(Generic[S]):
    data: S | None
    errors: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.data is not None and not self.errors


def _is_list(tp: Any) -> bool:
    origin = get_origin(tp)
    if origin is typing.Annotated:
        return _is_list(get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_is_list(a) for a in get_args(tp) if a is not type(None))
    return origin in (list, set, frozenset, tuple)


def _is_bool(tp: Any) -> bool:
    origin = get_origin(tp)
    if origin is typing.Annotated:
        return _is_bool(get_args(tp)[0])
    return tp is bool


@cache
def _field_structs(schema: type[msgspec.Struct]) -> dict[str, tuple[type[msgspec.Struct], Any]]:
    """One single-field struct per field, so each field is validated on its own."""
    hints = typing.get_type_hints(schema, include_extras=True)
    result = {}
    for f in msgspec.structs.fields(schema):
        default = f.default if f.default is not msgspec.NODEFAULT else msgspec.NODEFAULT
        if f.default_factory is not msgspec.NODEFAULT:
            default = msgspec.field(default_factory=f.default_factory)
        spec: tuple[Any, ...] = ("value", hints[f.name])
        if default is not msgspec.NODEFAULT:
            spec = (*spec, default)
        result[f.name] = (msgspec.defstruct(f"{schema.__name__}_{f.name}", [spec]), hints[f.name])
    return result


def _message(schema: type[msgspec.Struct], name: str, missing: bool) -> str:
    messages: dict[str, Any] = getattr(schema, "__messages__", {})
    if missing and f"{name}:required" in messages:
        return str(messages[f"{name}:required"])
    if missing:
        return _("Dit veld is verplicht.")
    if name in messages:
        return str(messages[name])
    return _("Deze waarde is niet geldig.")


# C0 control characters other than tab, newline and carriage return, and DEL: nobody types them,
# PostgreSQL refuses NUL in text columns (a 500 before), and the rest breaks e-mail and exports.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(value: Any) -> bool:
    if isinstance(value, str):
        return _CONTROL.search(value) is not None
    if isinstance(value, list | tuple):
        return any(has_control_characters(v) for v in value)
    return False


def without_control_characters(value: str) -> str:
    """For lenient inputs (search words): drop what `validate` would refuse."""
    return _CONTROL.sub("", value)


def validate(schema: type[S], raw: dict[str, Any]) -> FormResult[S]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for name, (single, tp) in _field_structs(schema).items():
        value = raw.get(name)
        if has_control_characters(value):
            errors[name] = _("In deze tekst staat een teken dat niet mag. Typ de tekst opnieuw.")
            continue
        if _is_bool(tp):
            value = value in ("on", "true", "1", "yes", True)
        elif _is_list(tp):
            value = [v for v in (value or []) if str(v).strip() != ""]
        elif isinstance(value, str):
            value = value.strip()
            if value == "":
                value = None
        payload = {} if value is None else {"value": value}
        try:
            converted = msgspec.convert(payload, single, strict=False)
        except msgspec.ValidationError as exc:
            errors[name] = _message(schema, name, missing="missing required field" in str(exc))
            continue
        clean[name] = converted.value  # type: ignore[attr-defined]
    if errors:
        return FormResult(None, errors, _keep(raw))
    data = schema(**clean)
    check = getattr(data, "check", None)
    if callable(check):
        errors.update({k: str(v) for k, v in check().items()})
    if errors:
        return FormResult(None, errors, _keep(raw))
    return FormResult(data, {}, _keep(raw))


_NEVER_ECHO = ("password", "_csrf_token")


def _keep(raw: dict[str, Any]) -> dict[str, Any]:
    """What the form shows again after an error: everything typed except secrets."""
    return {k: v for k, v in raw.items() if not any(secret in k for secret in _NEVER_ECHO)}


async def form_data(request: Request[Any, Any, Any], schema: type[msgspec.Struct]) -> dict[str, Any]:
    form = await request.form()
    list_fields = {name for name, (_single, tp) in _field_structs(schema).items() if _is_list(tp)}
    data: dict[str, Any] = {}
    for key in form:
        data[key] = form.getall(key) if key in list_fields else form.get(key)
    return data


async def parse_form(request: Request[Any, Any, Any], schema: type[S]) -> FormResult[S]:
    return validate(schema, await form_data(request, schema))


class FormErrors(Exception):
    """Raised by a service when input is valid in shape but not acceptable (duplicate, wrong state)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = {k: str(v) for k, v in errors.items()}
