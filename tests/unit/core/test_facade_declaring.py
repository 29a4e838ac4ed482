"""A Domain is made and configured as Protean writes it; unsupported settings are refused."""

from __future__ import annotations

import pytest

from domain.bookshelf import bookshelf
from domain.core import ConfigurationError, Domain


def test_a_domain_takes_its_file_and_a_name_as_protean_writes_them() -> None:
    named = Domain(__file__, name="Shelf")

    assert named.name == "Shelf" and named.root_path == __file__
    assert Domain(name="Shelf").name == "Shelf"


def test_a_lone_string_that_is_no_path_is_the_name() -> None:
    assert Domain("Bookshelf").name == "Bookshelf"
    assert bookshelf.registry.events["BookAdded"]._type == "Bookshelf.BookAdded.v1"


def test_a_domain_named_by_nothing_takes_its_module_s_name() -> None:
    assert Domain().name == "test_facade_declaring"
    assert Domain(__file__).name == "test_facade_declaring"


def test_settings_may_be_given_when_the_domain_is_made() -> None:
    assert Domain(name="Shelf", config={"event_processing": "async"}
                  ).config["event_processing"] == "async"


@pytest.mark.parametrize(("key", "value", "words"), [
    ("snapshot_threshold", 5, r"config\['snapshot_threshold'\] \(snapshots\)"),
    ("colour", "red", r"config\['colour'\] is not a setting"),
    ("event_processing", "later", "event_processing must be 'sync' or 'async', not 'later'"),
])
def test_a_setting_not_supported_is_refused_when_set(key: str, value: object, words: str
                                                     ) -> None:
    domain = Domain(name="Shelf")

    with pytest.raises(ConfigurationError, match=words):
        domain.config[key] = value  # type: ignore[literal-required]


def test_a_setting_slipped_past_the_dict_is_refused_at_init() -> None:
    domain = Domain(name="Shelf")
    dict.__setitem__(domain.config, "brokers", {})  # type: ignore[arg-type]

    with pytest.raises(ConfigurationError, match="message brokers"):
        domain.init()


def test_traversing_modules_and_identity_functions_are_refused_by_name() -> None:
    with pytest.raises(ConfigurationError, match="custom identity functions"):
        Domain(name="Shelf", identity_function=lambda: "x")
    with pytest.raises(ConfigurationError, match="importing the modules under the root path"):
        Domain(name="Shelf").init(traverse=True)


@pytest.mark.parametrize(("use", "feature"), [
    (lambda domain: domain.upcaster(), "upcasters"),
    (lambda domain: domain.event_enricher(), "event enrichers"),
    (lambda domain: domain.command_enricher(), "command enrichers"),
    (lambda domain: domain.create_snapshot(), "snapshots"),
    (lambda domain: domain.subscriber(stream="x"), "broker subscribers"),
    (lambda domain: domain.event_store, "the event store API"),
])
def test_domain_features_not_built_here_are_refused_naming_them(use: object, feature: str
                                                                ) -> None:
    with pytest.raises(ConfigurationError, match=feature):
        use(Domain(name="Shelf"))  # type: ignore[operator]
