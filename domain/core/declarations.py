"""What a decorated class declares: its fields (annotated, assigned or inherited) and options."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from typing import Any

from domain.core.errors import ConfigurationError
from domain.core.fields import Field

# Each element kind's options, as Protean 0.18 names them, with Protean's defaults. Those
# in HONOURED mean something here; the others are accepted only at their default value
# (which changes nothing) and otherwise refused, naming what they would have asked for.
# A postponed annotation that calls something (a field): `String(max_length=5)`.
_CALL = re.compile(r"^\s*[A-Za-z_][\w.]*\(")
_ENTITY_LIKE: dict[str, object] = {
    "abstract": False, "auto_add_id_field": True, "aggregate_cluster": None,
    "database_model": None, "indexes": (), "provider": "default", "schema_name": None,
    "limit": 100, "suppress_checks": (), "deprecated": None,
}
_MESSAGE: dict[str, object] = {
    "abstract": False, "part_of": None, "aggregate_cluster": None, "suppress_checks": (),
    "version": None, "superseded_by": None, "deprecated": None,
}
KNOWN_OPTIONS: dict[str, dict[str, object]] = {
    "aggregate": {**_ENTITY_LIKE, "fact_events": False, "event_sourced": False,
                  "is_event_sourced": False, "stream_category": None},
    "entity": {**_ENTITY_LIKE, "part_of": None},
    "value_object": {"abstract": False, "part_of": None, "suppress_checks": (),
                     "deprecated": None},
    "event": {**_MESSAGE, "published": False},
    "command": dict(_MESSAGE),
    "projection": dict(_ENTITY_LIKE),
    # Services: part_of is two or more aggregates (domain) or one (application).
    "domain_service": {"part_of": None, "suppress_checks": (), "deprecated": None},
    "application_service": {"part_of": None, "suppress_checks": (), "deprecated": None},
    "process_manager": {"abstract": False, "auto_add_id_field": True, "stream_category": None,
                        "stream_categories": None, "aggregates": (), "sequential_by": None,
                        "subscription_type": None, "subscription_profile": None,
                        "subscription_config": {}, "suppress_checks": ()},
}
HONOURED = frozenset({"abstract", "auto_add_id_field", "part_of", "indexes", "event_sourced",
                      "is_event_sourced", "stream_categories", "aggregates"})
# Protean's two spellings of one option: `event_sourced`, and the older `is_event_sourced`.
EVENT_SOURCED = ("event_sourced", "is_event_sourced")
# What a refused option would have asked for, so the error names the feature.
FEATURES: dict[str, str] = {
    "fact_events": "fact events",
    "stream_category": "custom stream categories",
    "provider": "database providers",
    "database_model": "database models",
    "schema_name": "custom table names",
    "limit": "a default query limit",
    "aggregate_cluster": "aggregate clusters",
    "published": "published events",
    "version": "message versions",
    "superseded_by": "deprecated messages",
    "deprecated": "deprecated elements",
    "suppress_checks": "suppressed checks",
    "sequential_by": "sequential processing by key",
    "subscription_type": "subscription settings",
    "subscription_profile": "subscription settings",
    "subscription_config": "subscription settings",
}


class Options:
    """An element's `meta_`: every option of its kind, given or defaulted (as in Protean)."""

    # The options this core honours (the others are there at their defaults).
    abstract: bool
    auto_add_id_field: bool
    part_of: Any  # the aggregate, or its name until it is registered

    def __init__(self, values: Mapping[str, object]) -> None:
        self.__dict__.update(values)

    # Any: an option's value is whatever its kind allows (a class, a bool, a name).
    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"meta_ has no option {name!r}")

    def __repr__(self) -> str:
        shown = ", ".join(f"{key}={value!r}" for key, value in self.__dict__.items())
        return f"Options({shown})"


def element_options(kind: str, cls_name: str, given: Mapping[str, object]) -> Options:
    """The options of an element of `kind`, checked: unknown or unsupported ones are refused."""
    known = KNOWN_OPTIONS[kind]
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise ConfigurationError(
            f"Unknown option(s) {', '.join(unknown)} for @domain.{kind} on {cls_name}")
    for name, value in given.items():
        if name not in HONOURED and not _same(value, known[name]):
            raise ConfigurationError(
                f"@domain.{kind} option {name}={value!r} on {cls_name}: "
                f"{FEATURES.get(name, name)} are not supported by domain.core")
    values = {**known, **given}
    if kind == "aggregate":
        # Either spelling turns it on, and both then say so (Protean reads is_event_sourced).
        sourced = any(bool(values[name]) for name in EVENT_SOURCED)
        values.update(dict.fromkeys(EVENT_SOURCED, sourced))
    return Options(values)


def handler_options(kind: str, given: Mapping[str, object]) -> None:
    """A handler honours `part_of` alone: Protean's other handler options are refused."""
    if given:
        raise ConfigurationError(
            f"Unknown or unsupported option(s) {', '.join(sorted(given))} for @domain.{kind}"
            " (a handler takes part_of only)")


def _same(value: object, default: object) -> bool:
    if isinstance(default, tuple) and isinstance(value, list | tuple):
        return tuple(value) == default
    return value is default or (type(value) is type(default) and value == default)


def declared_fields(cls: type) -> dict[str, Field]:
    """Every field `cls` declares or inherits, annotated (`title: String()`) or assigned
    (`title = String()`); a subclass's declaration of a name replaces its base's."""
    fields: dict[str, Field] = {}
    for klass in reversed(cls.__mro__):
        own = vars(klass)
        built = own.get("_fields")
        if isinstance(built, dict) and own.get("_built", False):
            fields.update(built)  # an element built before (an abstract base): as it was built
            continue
        for name, value in own.get("__annotations__", {}).items():
            if isinstance(value, str):  # `from __future__ import annotations`: still text
                value = _evaluated(klass, name, value)
            if isinstance(value, Field):
                fields[name] = value
        fields.update({name: value for name, value in own.items() if isinstance(value, Field)})
    return fields


def _evaluated(klass: type, name: str, annotation: str) -> object:
    """A postponed annotation's value, when it is a call (`String(max_length=5)`); a type
    hint (`"str"`) stays text. A call that cannot be evaluated is refused, not dropped."""
    if not _CALL.match(annotation):
        return annotation
    module = sys.modules.get(klass.__module__)
    try:
        return eval(annotation, vars(module) if module else {}, dict(vars(klass)))  # noqa: S307
    except Exception as error:
        raise ConfigurationError(
            f"{klass.__name__}.{name}: the annotation {annotation!r} cannot be evaluated "
            f"({type(error).__name__}: {error}); declare it as `{name} = {annotation}`"
        ) from None


def identity_field(cls_name: str, fields: Mapping[str, Field]) -> str | None:
    """The one field declared `identifier=True`, if any (two are refused)."""
    marked = [name for name, field in fields.items() if field.identifier]
    if len(marked) > 1:
        raise ConfigurationError(
            f"{cls_name} declares more than one identifier field: {', '.join(marked)}")
    return marked[0] if marked else None
