"""Invariants: `@invariant.pre` and `.post` methods, run around each change to an aggregate."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Any, TypeVar

from domain.core.errors import BookshelfError, ConfigurationError, ValidationError
from domain.core.fields import Association, HasOne
from domain.core.versions import count_version

# Why `Any` here: invariants run on built elements (elements.py), whose fields are attributes
# no type checker knows; this module cannot import elements.py (it is imported from there).

Method = TypeVar("Method", bound=Callable[..., Any])
STAGE = "_invariant_stage"  # the attribute @invariant.pre/.post set on the method
STAGES = ("pre", "post")


class invariant:  # noqa: N801  (spelled as Protean spells it: `from protean import invariant`)
    """Marks a method as a rule of its aggregate or entity: `@invariant.pre` runs before each
    change, `@invariant.post` after construction and after each change. A rule that does not
    hold raises ValidationError, mapping fields (or "_entity") to messages."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise ConfigurationError(
            "invariant needs its stage: write @invariant.pre or @invariant.post")

    @staticmethod
    def pre(method: Method | None = None, **options: object) -> Method:
        return _mark(method, "pre", options)

    @staticmethod
    def post(method: Method | None = None, **options: object) -> Method:
        return _mark(method, "post", options)


def _mark(method: Method | None, stage: str, options: dict[str, object]) -> Method:
    if options:
        # Protean's `code=` labels a failure with a diagnostic code; our errors carry none.
        raise ConfigurationError(
            f"@invariant.{stage} options are not supported ({', '.join(sorted(options))}): "
            "invariant diagnostic codes are not part of domain.core")
    if not callable(method):
        raise ConfigurationError(f"@invariant.{stage} decorates a method, not {method!r}")
    setattr(method, STAGE, stage)
    return method


# -- declaring --------------------------------------------------------------------------------

def declared_rules(cls: type) -> dict[str, tuple[Callable[..., Any], ...]]:
    """`cls`'s invariant methods by stage, inherited ones too (a redefinition replaces its
    base's, and one without the decorator is no longer a rule)."""
    methods: dict[str, Callable[..., Any]] = {}
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            if getattr(value, STAGE, None) in STAGES:
                methods[name] = value
            else:
                methods.pop(name, None)
    return {stage: tuple(method for method in methods.values()
                         if getattr(method, STAGE) == stage) for stage in STAGES}


def declare(cls: Any, *, mutable: bool, holds_rules: bool) -> None:
    """Collect `cls`'s invariant methods by stage, and refuse the ones its kind never runs."""
    found = declared_rules(cls)
    kind = "an aggregate or entity" if mutable else "a value object"
    if found["pre"] and not mutable:
        raise ConfigurationError(
            f"{cls.__name__}: @invariant.pre runs before a change, and {kind} never changes "
            "(use @invariant.post)")
    if (found["pre"] or found["post"]) and not holds_rules:
        raise ConfigurationError(
            f"{cls.__name__}: invariants belong to aggregates, entities and value objects, "
            "not to events or commands")
    cls._invariants = {stage: methods for stage, methods in found.items() if methods}
    # The fields that hold entities: a HasMany's list, or a HasOne's one (or None).
    cls._many_fields = tuple(name for name, field in cls._fields.items()
                             if isinstance(field, Association))
    cls._one_fields = frozenset(name for name, field in cls._fields.items()
                                if isinstance(field, HasOne))
    # Whether construction has anything to check: its own rules, or children with theirs.
    cls._guarded = bool(cls._invariants or cls._many_fields)


# -- checking ---------------------------------------------------------------------------------

def children(element: Any) -> Iterator[Any]:
    """The entities `element` holds directly, field by field, in order."""
    values = element.__dict__
    for name in type(element)._many_fields:
        yield from held(element, name, values.get(name))


def held(element: Any, name: str, value: Any) -> list[Any]:
    """The entities `value`, the value of `element`'s association `name`, holds."""
    if name in type(element)._one_fields:
        return [] if value is None else [value]
    return list(value or ())


def has_rules(cls: Any, seen: frozenset[int] = frozenset()) -> bool:
    """Whether `cls` or an entity class it may hold (at any depth) declares an invariant;
    most clusters declare none, and then a change checks nothing."""
    cached: bool | None = cls.__dict__.get("_has_rules")
    if cached is not None:
        return cached
    if cls._invariants:
        found = True
    else:
        try:
            targets = [cls._fields[name].entity_cls for name in cls._many_fields]
        except BookshelfError:
            return True  # a class name not resolvable yet: check, and decide again later
        inner = seen | {id(cls)}
        found = any(has_rules(target, inner) for target in targets if id(target) not in inner)
        if seen:
            return found  # seen through a cycle: only the outermost answer is whole
    cls._has_rules = found
    return found


def failures(element: Any, stage: str) -> dict[str, list[str]]:
    """What the `stage` invariants of `element`, then of the entities it holds, refuse (a
    defaultdict(list), as Protean collects them)."""
    errors: dict[str, list[str]] = defaultdict(list)
    for method in type(element)._invariants.get(stage, ()):
        try:
            method(element)
        except ValidationError as error:
            for field, texts in error.messages.items():
                errors.setdefault(field, []).extend(texts)
    for child in children(element):
        for field, texts in failures(child, stage).items():
            errors.setdefault(field, []).extend(texts)
    return errors


def check(element: Any, stage: str, *, built: bool = False) -> None:
    """Raise what the `stage` invariants refuse. Protean reports a refusal of a `built`
    element (just made) as a plain dict, and a change's as a defaultdict: programs print
    them."""
    if not has_rules(type(element)):
        return
    errors = failures(element, stage)
    if errors:
        raise ValidationError(dict(errors) if built else errors)


def root_of(element: Any) -> Any:
    """The aggregate holding `element`, or `element` itself when nothing holds it."""
    return element.__dict__.get("_root") or element


def adopt(root: Any, element: Any | None = None) -> None:
    """Point every entity below `element` (by default `root`) at `root`, whose invariants
    run whenever one of them changes."""
    for child in children(root if element is None else element):
        child.__dict__["_root"] = root
        adopt(root, child)


def _suspended(root: Any) -> bool:
    return bool(root.__dict__.get("_atomic_depth"))


def guarded(assign: Callable[[Any, str, object], None]) -> Callable[[Any, str, object], None]:
    """An element class's `__setattr__` (`assign`) wrapped in its aggregate's invariants:
    `pre` before the change, `post` after it; a refused change is undone."""

    def __setattr__(self: Any, name: str, value: object) -> None:
        if name not in self._fields:
            assign(self, name, value)
            return
        root = root_of(self)
        checked = has_rules(type(root)) and not _suspended(root)
        if checked:
            check(root, "pre")
        values = self.__dict__
        previous = values[name]
        assign(self, name, value)  # the field's own rules and the element's clean()
        errors = failures(root, "post") if checked else {}
        if errors:
            values[name] = previous
            raise ValidationError(errors)
        if name in self._many_fields:  # new children answer to the root, old ones no more
            _release(held(self, name, previous), held(self, name, values[name]))
            adopt(root, self)

    return __setattr__


def _release(held: Any, kept: Any) -> None:
    """Entities no longer held answer to no aggregate's invariants but their own."""
    staying = {id(child) for child in kept or ()}
    for child in held or ():
        if id(child) not in staying:
            child.__dict__.pop("_root", None)


# -- atomic changes ---------------------------------------------------------------------------

Snapshot = tuple[list[tuple[Any, dict[str, object]]], int]


def snapshot(root: Any) -> Snapshot:
    """What `root` and every entity below it hold now, and how many events it has collected."""
    saved: list[tuple[Any, dict[str, object]]] = []
    pending = [root]
    while pending:
        element = pending.pop()
        values = element.__dict__
        many = set(type(element)._many_fields) - type(element)._one_fields
        saved.append((element, {name: list(values[name] or ()) if name in many else values[name]
                                for name in element._fields}))
        pending.extend(children(element))
    return saved, len(root.__dict__.get("_events", ()))


def restore(root: Any, taken: Snapshot) -> None:
    saved, event_count = taken
    for element, values in saved:
        element.__dict__.update(values)
    adopt(root)  # an entity taken out in the refused change answers to the root again
    events = root.__dict__.get("_events")
    if events is not None:
        del events[event_count:]  # an event raised in the refused change is not collected
        if getattr(type(root), "_event_sourced", False):
            # An event-sourced aggregate's version counts its events: the refused ones too.
            count_version(root)


class atomic_change:  # noqa: N801  (spelled as Protean spells it)
    """Changes several fields of an aggregate (or its entities) as one: `pre` invariants run
    on entry, `post` invariants once on exit; if they refuse, or the block raises, the
    aggregate is left as it was on entry, events raised in the block included."""

    def __init__(self, element: Any) -> None:
        self.root = root_of(element)
        self.taken: Snapshot | None = None

    def __enter__(self) -> Any:
        values = self.root.__dict__
        if not _suspended(self.root):  # an enclosing atomic_change has checked already
            check(self.root, "pre")
        self.taken = snapshot(self.root)
        values["_atomic_depth"] = values.get("_atomic_depth", 0) + 1
        return self.root

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        values = self.root.__dict__
        values["_atomic_depth"] -= 1
        assert self.taken is not None
        if exc_type is not None:
            restore(self.root, self.taken)
            return
        if _suspended(self.root):
            return  # the outermost atomic_change checks the whole change
        adopt(self.root)
        errors = failures(self.root, "post")
        if errors:
            restore(self.root, self.taken)
            raise ValidationError(errors)
