"""A projection's records: written by its projectors, read by anyone through a view."""

from __future__ import annotations

from domain.core.elements import BaseProjection
from domain.core.errors import IncorrectUsageError, ObjectNotFoundError
from domain.core.runtime.queryset import QuerySet
from domain.core.storage.port import ProjectionRecords


class ProjectionView:
    """`domain.view_for(Projection)`: get, query, find_by and count, reading only."""

    def __init__(self, projection_cls: type[BaseProjection], records: ProjectionRecords
                 ) -> None:
        self.projection_cls = projection_cls
        self.records = records

    def get(self, record_id: object) -> BaseProjection:
        """The stored record; ObjectNotFoundError if there is none."""
        record = self.records.read(str(record_id))
        if record is None:
            raise ObjectNotFoundError(
                f"no {self.projection_cls.__name__} is stored with id {record_id}")
        assert isinstance(record, BaseProjection)  # the records of a projection class
        return record

    @property
    def query(self) -> QuerySet:
        """filter, exclude, order_by, limit, offset, then all() (see runtime/queryset.py)."""
        return QuerySet(self.projection_cls, self.records)

    def find_by(self, **lookups: object) -> BaseProjection:
        """The one record matching `lookups`: ObjectNotFoundError when none does,
        TooManyObjectsError when several do."""
        record: BaseProjection = self.query.only(**lookups)
        return record

    def count(self) -> int:
        """How many records are stored."""
        return self.query.count()

    def exists(self, record_id: object) -> bool:
        return self.records.read(str(record_id)) is not None


class ProjectionRepository(ProjectionView):
    """`current_domain.repository_for(Projection)`: a view that its projectors also write
    with, in the transaction that delivers to them (`writable`); elsewhere writing is refused,
    so a record never changes without the event that made it."""

    def __init__(self, projection_cls: type[BaseProjection], records: ProjectionRecords,
                 writable: bool) -> None:
        super().__init__(projection_cls, records)
        self.writable = writable

    def _check_writable(self) -> None:
        if not self.writable:
            raise IncorrectUsageError(
                f"{self.projection_cls.__name__} is written by its projectors only "
                "(from their @on methods); read it with domain.view_for")

    def add(self, record: BaseProjection) -> BaseProjection:
        """Store `record`, replacing the one with its identifier."""
        self._check_writable()
        if not isinstance(record, self.projection_cls):
            raise TypeError(f"expected a {self.projection_cls.__name__}, got {record!r}")
        self.records.write(record)
        return record

    def remove(self, record: BaseProjection) -> None:
        """Delete `record` (Protean's `repository.remove`... on a projection's record)."""
        self._check_writable()
        self.records.delete(str(getattr(record, "id")))  # noqa: B009  (every record has one)
