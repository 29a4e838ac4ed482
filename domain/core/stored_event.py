"""An event as the store holds it: its global position and the event itself."""

from __future__ import annotations

import attrs

from domain.core.elements import BaseEvent
from domain.core.metadata import Metadata


@attrs.frozen
class StoredEvent:
    """An event as the store holds it: its global position and the event itself."""

    position: int
    event: BaseEvent

    @property
    def metadata(self) -> Metadata:
        return self.event._metadata

    @property
    def type(self) -> str:
        return self.metadata.type

    @property
    def stream(self) -> str:
        return self.metadata.stream or ""

    @property
    def payload(self) -> dict[str, object]:
        return self.event.to_dict()
