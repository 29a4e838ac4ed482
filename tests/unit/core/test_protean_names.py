"""Every name Protean 0.18's getting-started programs import is importable from domain.core,
and what is not built here refuses to be used, naming the feature."""

from __future__ import annotations

import importlib

import pytest

import domain.core
from domain.core import ConfigurationError

# Collected from the imports of docs_src/guides/getting-started/ in proteanhq/protean
# (tutorial/ch*.py, es-tutorial/ch*.py, hello.py, quickstart.py), by module imported from.
PROTEAN_IMPORTS = {
    "protean": ["Domain", "apply", "handle", "invariant"],
    "protean.core.projector": ["on"],
    "protean.core.upcaster": ["BaseUpcaster"],
    "protean.exceptions": ["IncorrectUsageError", "ValidationError"],
    "protean.fields": ["Boolean", "Date", "DateTime", "Float", "HasMany", "Identifier",
                       "Integer", "List", "String", "Text", "ValueObject"],
    "protean.utils.globals": ["current_domain"],
    # Outside the modules the goal names, but imported by the programs too.
    "protean.testing": ["given"],
    "protean.utils.processing": ["Priority", "processing_priority"],
}
# Fields Protean documents beyond those the programs use.
MORE_FIELDS = ["Dict", "HasOne", "Reference"]
EVERY_NAME = sorted({name for names in PROTEAN_IMPORTS.values() for name in names}
                    | set(MORE_FIELDS))


@pytest.mark.parametrize("name", EVERY_NAME)
def test_the_name_is_importable_from_domain_core(name: str) -> None:
    assert hasattr(domain.core, name) and name in domain.core.__all__


@pytest.mark.parametrize("name", [*PROTEAN_IMPORTS["protean.fields"], *MORE_FIELDS])
def test_the_fields_are_the_same_in_domain_core_fields(name: str) -> None:
    assert getattr(importlib.import_module("domain.core.fields"), name) is getattr(
        domain.core, name)


@pytest.mark.parametrize(("use", "feature"), [
    (lambda: domain.core.given(object), "protean.testing"),
    (lambda: domain.core.processing_priority(domain.core.Priority.LOW), "priority lanes"),
    (lambda: type("V2", (domain.core.BaseUpcaster,), {}), "upcasters"),
])
def test_a_name_for_what_is_not_built_here_refuses_to_be_used(use: object, feature: str
                                                                ) -> None:
    with pytest.raises(ConfigurationError, match=feature):
        use()  # type: ignore[operator]


@pytest.mark.parametrize(("name", "feature"), [
    ("CausationNode", "causation trees"), ("Message", "event store messages"),
])
def test_a_class_not_built_here_may_be_named_but_not_made_or_subclassed(name: str,
                                                                        feature: str) -> None:
    refused = getattr(domain.core, name)

    def annotated(value: refused) -> refused:  # type: ignore[valid-type]
        return value  # naming it in an annotation is harmless

    assert annotated(1) == 1
    with pytest.raises(ConfigurationError, match=feature):
        refused()
    with pytest.raises(ConfigurationError, match=feature):
        type("Sub", (refused,), {})


@pytest.mark.parametrize(("method", "feature"), [
    ("upcaster", "upcasters"), ("event_enricher", "event enrichers"),
    ("command_enricher", "command enrichers"), ("create_snapshot", "snapshots"),
    ("subscriber", "broker subscribers"),
    ("register_external_event", "events of other domains"),
    ("event_store", "the event store API"),
])
def test_a_domain_method_for_what_is_not_built_here_refuses(method: str, feature: str) -> None:
    with pytest.raises(ConfigurationError, match=feature):
        getattr(domain.core.Domain(name="Refusing"), method)(object)


def test_on_is_handle_for_a_projector_s_methods() -> None:
    assert domain.core.on is domain.core.handle


def test_the_names_protean_0_18_s_programs_import_besides_are_here() -> None:
    for name in ("Index", "ResultSet", "NotSupportedError", "UnitOfWork", "invariant",
                 "BaseDomainService", "BaseApplicationService", "use_case"):
        assert name in domain.core.__all__
