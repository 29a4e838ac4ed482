"""A Domain's settings: a dict that refuses, as they are set, the keys it does not support."""

from __future__ import annotations

from typing import Any

from domain.core.errors import ConfigurationError

SUPPORTED = frozenset({
    "command_processing", "event_processing", "database", "mailbox_size", "group_commit",
    "mailbox_full", "submit_timeout", "durability", "slow_handler_s",
})
# Settings Protean 0.18 reads, and what each asks for: none of it is built here.
PROTEAN_ONLY: dict[str, str] = {
    "snapshot_threshold": "snapshots",
    "databases": "database providers",
    "brokers": "message brokers",
    "caches": "caches",
    "event_store": "event stores",
    "identity_strategy": "identity strategies",
    "identity_type": "identity types",
    "message_processing": "message processing settings",
    "enable_outbox": "the outbox",
    "outbox": "the outbox",
    "server": "the Protean server",
    "custom": "custom settings",
    "env": "environments",
    "debug": "debug mode",
    "secret_key": "secret keys",
    "testing": "testing mode",
    "event_upcasting": "upcasters",
}
# The values the processing settings take.
CHOICES: dict[str, tuple[str, ...]] = {
    "command_processing": ("sync", "async"),
    "event_processing": ("sync", "async"),
    "mailbox_full": ("block", "fail"),
}


def check_setting(key: str, value: object) -> None:
    """Refuse a key that is not a setting of this Domain, naming what Protean meant by it,
    and a value outside the choices of a setting that has them."""
    if key in PROTEAN_ONLY:
        raise ConfigurationError(
            f"config[{key!r}] ({PROTEAN_ONLY[key]}) is not supported by domain.core")
    if key not in SUPPORTED:
        raise ConfigurationError(
            f"config[{key!r}] is not a setting; the settings are {', '.join(sorted(SUPPORTED))}")
    if key in CHOICES and value not in CHOICES[key]:
        raise ConfigurationError(
            f"{key} must be {' or '.join(repr(choice) for choice in CHOICES[key])}, "
            f"not {value!r}")


class Config(dict[str, object]):
    """The settings, checked as each is set (see check_setting)."""

    def __setitem__(self, key: str, value: object) -> None:
        check_setting(key, value)
        super().__setitem__(key, value)

    # Any: dict.update's own overloads, each of which is checked here the same way.
    def update(self, *other: Any, **more: Any) -> None:
        for key, value in dict(*other, **more).items():
            self[key] = value

    def setdefault(self, key: str, default: object = None, /) -> object:
        if key not in self:
            self[key] = default
        return self[key]

    def check(self) -> None:
        """Every setting again (a dict method that bypassed the checks, say)."""
        for key, value in self.items():
            check_setting(key, value)
