"""The element kinds (aggregate, entity, value object, event, command), built as attrs classes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, Self

import attrs

import domain.core.event_sourcing as event_sourcing
import domain.core.has_many as has_many
import domain.core.invariants as invariants
from domain.core.declarations import Options, declared_fields, identity_field
from domain.core.errors import ConfigurationError, IncorrectUsageError, ValidationError
from domain.core.fields import Association, Field, Identifier, Invalid, List, String
from domain.core.index import check_indexes
from domain.core.metadata import Metadata, current_cause, message_metadata, new_id
from domain.core.versions import NEW, count_version

# Why `Any` lives here and (nearly) nowhere else in the core: element classes are built at
# run time from a declaration (build_element), so their attributes are the declared fields,
# which no type checker knows. What cannot be typed statically is kept to this module: the
# built class while it is assembled, an aggregate's `id` (its declared field), and the
# registry an element points back to (a layer above this one; it cannot be imported here).


class BaseElement:
    """What every element shares: declared fields, validated all at once on construction."""

    _fields: ClassVar[dict[str, Field]] = {}
    # A command is new input; what storage gives back was checked when it was new.
    _checks_new_input: ClassVar[bool] = False
    _domain: ClassVar[Any] = None  # the Registry that declared it (a layer above: Any)
    _part_of: ClassVar[type | str | None] = None  # a name until the registry resolves it
    _id_field: ClassVar[str | None] = None  # the identity's field (entities and aggregates)
    _built: ClassVar[bool] = False  # set on each class build_element makes
    meta_: ClassVar[Options]  # the declaration's options, as Protean's `meta_`
    # Set by invariants.declare: the @invariant methods by stage, the HasMany fields, and
    # whether construction has any invariant to check.
    _invariants: ClassVar[dict[str, tuple[Callable[..., Any], ...]]] = {}
    _many_fields: ClassVar[tuple[str, ...]] = ()
    _one_fields: ClassVar[frozenset[str]] = frozenset()
    _guarded: ClassVar[bool] = False

    def __attrs_post_init__(self) -> None:
        errors: dict[str, list[str]] = {}
        values = self.__dict__
        for name, field in self._fields.items():
            try:
                values[name] = field.clean(values[name])
            except Invalid as invalid:
                errors[name] = invalid.messages
                continue
            if self._checks_new_input:
                new_problems = field.check_new(values[name])
                if new_problems:
                    errors[name] = new_problems
        # Rules that span fields, or refine one, come from the element's own `clean()`;
        # it runs even when a field failed, so a form learns of every problem at once.
        try:
            rules = self.clean()
        except (TypeError, ValueError, AttributeError):
            if not errors:
                raise
            rules = {}  # it tripped over a value its field already refused
        for name, texts in rules.items():
            if texts:  # a rule may report a field with no complaints
                errors.setdefault(name, []).extend(texts)
        if errors:
            raise ValidationError(errors)
        self._after_init()
        if self._guarded:
            invariants.check(self, "post", built=True)

    @classmethod
    def _from_stored(cls, stored: Mapping[str, object]) -> Self:
        """The element storage gave back, from each field's stored form.

        Neither the fields' rules nor the element's own run again: they held when it was
        new, and what was stored before a rule existed still loads (and loading many
        aggregates costs no validation).
        """
        element = cls.__new__(cls)
        values = element.__dict__
        for name, field in cls._fields.items():
            values[name] = field.restore(stored.get(name))
        element._after_init()
        return element

    def clean(self) -> dict[str, list[str]]:
        """Override to add rules beyond the fields' own: map field names to messages."""
        return {}

    def _after_init(self) -> None:
        pass

    def to_dict(self) -> dict[str, object]:
        values = self.__dict__
        return {name: field.to_plain(values[name]) for name, field in self._fields.items()}


def _clean_assignment(instance: BaseElement, attribute: attrs.Attribute[object], value: object
                      ) -> object:
    name = attribute.name
    try:
        cleaned = instance._fields[name].clean(value)
    except Invalid as invalid:
        raise ValidationError({name: invalid.messages}) from None
    if type(instance).clean is not BaseElement.clean:
        # The element's own rules hold after an assignment too (an item's quantity >= 1):
        # try them on the new value, and keep the old one if they refuse it.
        values = instance.__dict__
        previous, values[name] = values[name], cleaned
        try:
            rules = {field: texts for field, texts in instance.clean().items() if texts}
        finally:
            values[name] = previous
        if rules:
            raise ValidationError(rules)
    return cleaned


class BaseValueObject(BaseElement):
    """Immutable, compared by value."""


class BaseEntity(BaseElement):
    """Has an identity of its own and belongs to an aggregate."""

    def _after_init(self) -> None:
        invariants.adopt(self)  # the entities it holds answer to its invariants


class BaseProjection(BaseEntity):
    """A read model's record (`@domain.projection`): fields and an identifier, kept by
    projectors from events; it raises no event and belongs to no aggregate."""


class BaseAggregate(BaseEntity):
    """A consistency boundary: collects the events it raises until it is persisted."""

    # Set on every instance by attrs (id) and by _after_init (the rest).
    id: Any  # the declared (or default) id field: its kind is the declaration's
    _events: list[BaseEvent]
    _version: int
    _sequence: int
    # Event-sourced (`event_sourced=True`): its state is its events, changed by its @apply
    # methods when it raises one and rebuilt by replaying them (event_sourcing.py).
    _event_sourced: ClassVar[bool] = False

    def _after_init(self) -> None:
        super()._after_init()
        values = self.__dict__
        values["_events"] = []
        values["_version"] = NEW  # numbered as Protean does: see versions.py
        values["_sequence"] = 0  # the last stored event's place in this aggregate's stream
        values["_stored_state"] = None  # what the last write stored, to skip unchanged writes
        values["_is_temporal"] = False  # a past state (get at_version/as_of): read-only

    @classmethod
    def _create_new(cls, **identity: object) -> Self:
        """A new aggregate holding only its identity (given, or generated): its first
        event's @apply method gives it the rest. Its fields are not checked until then."""
        aggregate = cls._blank()
        id_field = cls._id_field or "id"
        given = identity.get(id_field)
        field = cls._fields[id_field]
        try:
            aggregate.__dict__[id_field] = field.clean(given if given is not None
                                                       else field.default_value())
        except Invalid as invalid:
            raise ValidationError({id_field: invalid.messages}) from None
        return aggregate

    @classmethod
    def _blank(cls) -> Self:
        """An aggregate with every field None, not validated: what replay starts from."""
        aggregate = cls.__new__(cls)
        values = aggregate.__dict__
        values.update(dict.fromkeys(cls._fields))
        # Its HasMany fields hold no entities yet (so that `add_<name>` can add the first).
        values.update({name: [] for name in cls._many_fields if name not in cls._one_fields})
        values.update(_events=[], _version=NEW, _sequence=0, _stored_state=None,
                      _is_temporal=False)
        return aggregate

    @classmethod
    def from_events(cls, events: Sequence[BaseEvent]) -> Self:
        """An event-sourced aggregate rebuilt from `events` through its @apply methods."""
        if not events:
            raise IncorrectUsageError(
                f"Cannot reconstitute `{cls.__name__}` from an empty event list")
        aggregate: Self = event_sourcing.replay(cls._blank(), events)
        return aggregate

    @classmethod
    def stream_name(cls, aggregate_id: str) -> str:
        return f"{cls._domain.normalized_name}::{cls.__name__.lower()}-{aggregate_id}"

    def raise_(self, event: BaseEvent) -> None:
        """Collect `event` on this aggregate, stamped with its stream, sequence and cause."""
        if not isinstance(event, BaseEvent) or event._part_of is not type(self):
            owner = getattr(type(event), "_part_of", None)
            raise IncorrectUsageError(
                f"{type(event).__name__} is part of {getattr(owner, '__name__', 'no aggregate')},"
                f" not of {type(self).__name__}: {type(self).__name__} cannot raise it"
            )
        if self.__dict__.get("_is_temporal"):
            raise IncorrectUsageError(
                "Cannot raise events on a temporally-loaded aggregate. "
                "Temporal aggregates are read-only.")
        cause = current_cause()
        stamped = event._metadata
        event.__dict__["_metadata"] = Metadata(
            id=stamped.id,
            timestamp=stamped.timestamp,
            type=stamped.type,
            stream=self.stream_name(self.id),
            sequence=self._sequence + len(self._events) + 1,
            correlation_id=cause.correlation_id if cause else stamped.correlation_id,
            causation_id=cause.id if cause else stamped.causation_id,
        )
        self._events.append(event)
        if self._event_sourced:
            count_version(self)  # one version per event, 0 for the first
            try:
                event_sourcing.apply_raised(self, event)
            except BaseException:
                # Refused (an invariant) or failed: neither the event, nor any its @apply
                # raised before failing, nor their versions stay.
                events = self._events
                del events[next((place for place, each in enumerate(events)
                                 if each is event), len(events)):]
                count_version(self)
                raise


class _Message(BaseElement):
    """Commands and events: immutable, stamped with metadata when created."""

    _type: ClassVar[str] = ""
    _starts_correlation: ClassVar[bool] = False
    _metadata: Metadata  # set on every instance by _after_init, replaced by raise_

    def _after_init(self) -> None:
        self.__dict__["_metadata"] = message_metadata(self._type, self._starts_correlation)


class BaseEvent(_Message):
    """A fact, named in the past tense."""

    # How event_sourcing.py, which this module imports, tells an event class from others.
    _is_event: ClassVar[bool] = True


class BaseCommand(_Message):
    """An intent, named in the imperative."""

    _starts_correlation = True
    _checks_new_input = True


_FRAMEWORK_BASES = frozenset({BaseElement, BaseValueObject, BaseEntity, BaseAggregate, _Message,
                              BaseEvent, BaseCommand})


def _identity(cls: type, base: type[BaseElement], fields: dict[str, Field], options: Options
              ) -> tuple[str | None, dict[str, Field]]:
    """The identity field's name (None for values and messages), and the fields with it first
    (storage keys a row by its first column)."""
    marked = identity_field(cls.__name__, fields)
    if not issubclass(base, BaseEntity) or options.abstract:
        return marked, fields
    if marked is None and "id" in fields:
        marked = "id"  # an `id` declared without identifier=True is the identity all the same
    if marked is None:
        if not options.auto_add_id_field:
            raise ConfigurationError(
                f"{cls.__name__} has no identity: declare a field with identifier=True, "
                "or leave auto_add_id_field on")
        # Required, so that an empty id is refused rather than stored as NULL.
        return "id", {"id": Identifier(required=True, default=new_id, identifier=True),
                      **fields}
    field = fields[marked]
    if field.default is None and isinstance(field, Identifier | String):
        field.default = new_id  # generated when not given, as Protean does
    return marked, {marked: field, **{n: f for n, f in fields.items() if n != marked}}


def _namespace(cls: type, fields: dict[str, Field]) -> dict[str, object]:
    """The methods and attributes of `cls` and its plain base classes, without the fields
    (elements it inherits from stay its bases, and keep theirs)."""
    namespace: dict[str, object] = {}
    for klass in reversed(cls.__mro__):
        if klass is object or klass in _FRAMEWORK_BASES or vars(klass).get("_built"):
            continue
        namespace.update(vars(klass))
    for key in (*fields, "__dict__", "__weakref__", "__annotations__"):
        namespace.pop(key, None)
    return namespace


def _refuse_abstract(element: type) -> None:
    def __new__(klass: type, *args: object, **kwargs: object) -> object:  # noqa: N807
        if klass is element:
            raise IncorrectUsageError(f"{element.__name__} is abstract (abstract=True): "
                                      "declare an element that inherits from it")
        return object.__new__(klass)

    element.__new__ = __new__  # type: ignore[assignment]


def build_element(cls: type, base: type[BaseElement], domain: Any,
                  part_of: type | str | None = None, options: Options | None = None
                  ) -> type[BaseElement]:
    """Turn a class with declared fields into an attrs class of the given element kind."""
    options = options or Options({"abstract": False, "auto_add_id_field": True})
    elements = tuple(b for b in cls.__bases__ if issubclass(b, BaseElement))
    for inherited in elements:
        if not issubclass(inherited, base):
            raise ConfigurationError(f"{cls.__name__} cannot inherit from {inherited.__name__}:"
                                     " an element inherits only from its own kind")
    id_field, fields = _identity(cls, base, declared_fields(cls), options)
    if getattr(options, "indexes", ()):
        # Columns only: an association's entities live in a table of their own.
        check_indexes(options.indexes, cls.__name__, {
            name for name, field in fields.items() if not isinstance(field, Association)})
    namespace = _namespace(cls, fields)
    if id_field not in (None, "id") and "id" not in namespace:
        # Storage and streams ask any entity for its `id`: a custom identity answers it too.
        namespace["id"] = property(lambda self: self.__dict__[id_field])
    # Any: a class made at run time from the declaration; the decorators return it as the
    # declared class, and its attributes are the declared fields, unknown to a type checker.
    element: Any = type(cls.__name__, elements or (base,), namespace)
    element.__qualname__ = cls.__qualname__
    element._fields = fields
    element._built = True
    element._id_field = id_field
    element._domain = domain
    element._part_of = part_of
    element.meta_ = options
    if issubclass(base, BaseAggregate):
        element._event_sourced = bool(getattr(options, "is_event_sourced", False))
    if issubclass(base, _Message):
        element._type = f"{domain.camel_name}.{cls.__name__}.v1"
    mutable = issubclass(base, BaseEntity)
    for name, field in fields.items():
        field.bind(name)
        if isinstance(field, List):
            field.bind_to(mutable)

    # Entities and aggregates are equal when their ids are; the others by all their fields.
    these = {
        name: attrs.field(
            default=None,
            kw_only=True,
            eq=(name == id_field) if mutable else True,
            on_setattr=_clean_assignment if mutable else None,
        )
        for name in fields
    }
    built: type[BaseElement] = attrs.define(
        element, these=these, slots=False, frozen=not mutable,
        unsafe_hash=True, auto_detect=True, weakref_slot=False,
    )
    invariants.declare(built, mutable=mutable, holds_rules=not issubclass(base, _Message))
    if mutable:
        # Every change to an aggregate or entity runs its aggregate's invariants.
        setattr(built, "__setattr__", invariants.guarded(built.__setattr__))  # noqa: B010
        has_many.install(built)
    if options.abstract:
        _refuse_abstract(built)
    return built
