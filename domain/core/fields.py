"""Declared fields: each one cleans a raw value or says, in words, why it cannot."""

from __future__ import annotations

import html
import math
import reprlib
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from typing import Protocol, TypedDict, Unpack, cast

from domain.core.errors import ConfigurationError, IncorrectUsageError, ValidationError

_MISSING = object()
# A message quotes at most about this many characters of the value it refuses.
QUOTE_LIMIT = 80
# SQLite's INTEGER holds 64 bits; an Integer field refuses what it could not store.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
_reprs = reprlib.Repr()  # a container shown by a few of its items (no keywords before 3.12)
_reprs.maxstring = _reprs.maxother = QUOTE_LIMIT // 2


def _digit_count(number: int) -> int:
    """How many decimal digits `number` has, without str() (refused past 4,300 digits)."""
    magnitude = abs(number)
    digits = max(1, int(math.log10(magnitude)) + 1) if magnitude else 1
    if magnitude >= 10**digits:
        digits += 1
    elif digits > 1 and magnitude < 10 ** (digits - 1):
        digits -= 1
    return digits


def _visible(text: str) -> str:
    """`text` with control characters (NUL among them) and lone surrogates as escapes."""
    if text.isprintable():
        return text
    return "".join(
        char.encode("unicode_escape").decode("ascii")
        if unicodedata.category(char) in ("Cc", "Cs") else char
        for char in text)


def one_of(choices: Sequence[object]) -> str:
    """The allowed values in Protean's (pydantic's) words: `'A', 'B' or 'C'`."""
    shown = [repr(choice) for choice in choices]
    return shown[-1] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"


def quote(value: object) -> str:
    """`value` as a message shows it: quoted, at most about QUOTE_LIMIT characters of it."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        digits = _digit_count(value)
        leading = abs(value) // 10 ** (digits - 40)
        sign = "-" if value < 0 else ""
        return f"'{sign}{leading}…' (a number of {digits:,} digits)"
    if isinstance(value, str | int | float | bytes):
        text = str(value)
    elif isinstance(value, list | tuple | dict | set | frozenset):
        text = _reprs.repr(value)
    else:
        text = str(value)
    shown = _visible(text[:QUOTE_LIMIT + 1])
    if len(text) <= QUOTE_LIMIT and len(shown) <= QUOTE_LIMIT:
        return f"'{shown}'"
    return f"'{shown[:QUOTE_LIMIT - 20]}…' ({len(text):,} characters)"


def shorten(message: str, limit: int = 2 * QUOTE_LIMIT) -> str:
    """A message that may quote a value of any length (an error's text), cut to `limit`."""
    return message if len(message) <= limit else f"{message[:limit - 1]}…"


def text_problems(text: str) -> list[str]:
    """What no text field stores: lone surrogates (UTF-8 cannot encode them)."""
    if text.isascii():
        return []
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        char = text[error.start]
        return [f"may not contain a lone surrogate ({_visible(char)} at character "
                f"{error.start + 1:,})"]
    return []


def nul_problems(text: str) -> list[str]:
    """What a new command's text may not hold: NUL characters."""
    at = text.find("\x00")
    return [] if at < 0 else [f"may not contain a NUL character (at character {at + 1:,})"]

# A field takes whatever a caller or a row gives it (`object`) and cleans it into the value
# of its kind; the cleaned value is what reaches to_storage/to_plain, hence the few casts.


class _Plain(Protocol):
    """An element (a value object, a child entity): what it knows of its own plain form."""

    def to_dict(self) -> dict[str, object]: ...


class _Restorable(Protocol):
    """An element class: builds an element from its fields' stored forms, trusting them."""

    def _from_stored(self, stored: dict[str, object]) -> object: ...


# Protean (through pydantic) gives a required text field a minimum length of 1: "" is too
# short, which it says in pydantic's words; a missing value "is required".
TOO_SHORT = "String should have at least 1 character"


class Invalid(Exception):
    """One field's complaints about one value; gathered into a ValidationError."""

    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = list(messages)


class FieldOptions(TypedDict, total=False):
    """The options every field takes, as Protean names them."""

    identifier: bool  # this field is the element's identity (no `id` is added)
    unique: bool  # no two stored aggregates hold the same value (checked at save)
    validators: Iterable[Callable[[object], object]]  # each raises ValidationError/ValueError
    error_messages: Mapping[str, str]  # replaces the words for "required", "invalid", ...
    description: str
    referenced_as: str | None  # the column's name in storage


class Field:
    """A declared attribute of an element: its rules, its default, its column."""

    sqlite_type: type = str
    # Only text keeps "" as a value of its own; for other kinds it means "not given".
    keeps_empty_string = False
    # Structured values are stored as one JSON column.
    stored_as_json = False

    # The keys `error_messages` may replace, and the words each replaces.
    message_keys: frozenset[str] = frozenset({"required", "invalid", "unique"})

    def __init__(self, required: bool = False, default: object = None,
                 **options: Unpack[FieldOptions]) -> None:
        unknown_options = sorted(set(options) - set(FieldOptions.__annotations__))
        if unknown_options:
            raise ConfigurationError(
                f"Unknown option(s) {', '.join(unknown_options)} for {type(self).__name__}")
        self.required = required
        self.default = default
        self.name = ""
        self.identifier = options.get("identifier", False)
        self.unique = options.get("unique", False) or self.identifier
        self.validators = tuple(options.get("validators", ()))
        self.description = options.get("description", "")
        self.referenced_as = options.get("referenced_as")
        self.error_messages = dict(options.get("error_messages") or {})
        unknown = sorted(set(self.error_messages) - self.message_keys)
        if unknown:
            raise ConfigurationError(
                f"{type(self).__name__} has no error message called {', '.join(unknown)} "
                f"(it has {', '.join(sorted(self.message_keys))})")
        if self.identifier:
            self.required = True
        # The general path (default, empty, validators, custom messages) is taken only when
        # a declaration asks for one of them; otherwise _clean runs directly.
        self._plain = not (self.validators or self.error_messages)

    def bind(self, name: str) -> None:
        self.name = name

    def default_value(self) -> object:
        return self.default() if callable(self.default) else self.default

    def message(self, key: str, words: str, **values: object) -> str:
        """`words`, or the declaration's own message for `key` (its {placeholders} filled)."""
        custom = self.error_messages.get(key)
        return words if custom is None else custom.format(**values)

    def clean(self, value: object) -> object:
        """Return the stored form of `value`, or raise Invalid with readable messages."""
        if value is None:
            value = self.default_value()
        if value is None or value == "":
            if self.required:
                raise Invalid(self.message("required", "is required") if value is None
                              else self.empty_refused())
            return value if self.keeps_empty_string else None
        if self._plain:
            return self._clean(value)
        return self._checked(value)

    def empty_refused(self) -> str:
        """Why a required field refuses "" (for most kinds, "" is not given)."""
        return self.message("required", "is required")

    def _checked(self, value: object) -> object:
        """_clean, then the declared validators; a custom "invalid" message replaces _clean's."""
        try:
            cleaned = self._clean(value)
        except Invalid as invalid:
            if "invalid" in self.error_messages:
                raise Invalid(self.message("invalid", "", value=value)) from None
            raise invalid from None
        problems: list[str] = []
        for validator in self.validators:
            try:
                validator(cleaned)
            except ValidationError as error:
                problems.extend(text for texts in error.messages.values() for text in texts)
            except (Invalid, ValueError) as error:
                problems.extend(getattr(error, "messages", None) or [str(error)])
        if problems:
            raise Invalid(*problems)
        return cleaned

    def _clean(self, value: object) -> object:
        return value

    def check_new(self, value: object) -> list[str]:
        """Rules for a new command's cleaned value only, not for what storage gives back:
        what was stored before a rule existed still loads."""
        return []

    # Storage: most fields store their cleaned value as it is.
    def to_storage(self, value: object) -> object:
        return value

    def from_storage(self, value: object) -> object:
        return value

    def restore(self, stored: object) -> object:
        """The value of a loaded element from its stored form, without the rules: it was
        cleaned when it was stored. A missing value (a column added later) is the default."""
        if stored is not None:
            return self.from_storage(stored)
        try:
            return self.clean(None)  # the default, cleaned (an Enum member becomes its value)
        except Invalid:
            return None  # required, with no default: missing when stored, missing when loaded

    def to_plain(self, value: object) -> object:
        """The JSON-ready form used by to_dict() and event payloads."""
        return value


def _allowed_values(choices: type[Enum] | Iterable[object] | None) -> tuple[object, ...] | None:
    if choices is None:
        return None
    if isinstance(choices, type) and issubclass(choices, Enum):
        return tuple(member.value for member in choices)
    return tuple(choice.value if isinstance(choice, Enum) else choice for choice in choices)


class String(Field):
    """Text of bounded length; values are never trimmed behind the caller's back.

    `sanitize=True` escapes HTML markup (`<b>` is stored as `&lt;b&gt;`) before the rules run.
    """

    keeps_empty_string = True
    message_keys = Field.message_keys | {"invalid_choice", "max_length", "min_length"}

    def __init__(
        self,
        max_length: int | None = 255,
        min_length: int | None = None,
        choices: type[Enum] | Iterable[object] | None = None,
        required: bool = False,
        default: object = None,
        sanitize: bool = False,
        **options: Unpack[FieldOptions],
    ) -> None:
        super().__init__(required=required, default=default, **options)
        self.max_length = max_length
        self.min_length = min_length
        self.choices = _allowed_values(choices)
        self.sanitize = sanitize

    def empty_refused(self) -> str:
        if self.min_length is not None and self.min_length > 1:
            return self.message("min_length", f"must be at least {self.min_length} characters "
                                "long", value="", min_length=self.min_length)
        return self.message("required", TOO_SHORT)

    def clean(self, value: object) -> object:
        if type(value) is str and value and self._plain:  # the common case, kept short
            return self._clean(value)
        if isinstance(value, Enum):
            value = value.value
        return super().clean(value)

    def _clean(self, value: object) -> object:
        if type(value) is not str:
            if isinstance(value, Enum):  # a default given as a member, not as its value
                value = value.value
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                raise Invalid(f"must be text, not {type(value).__name__}")
            if isinstance(value, int) and value.bit_length() > 256:
                raise Invalid(f"{quote(value)} is too long for text")
            value = str(value)
        problems = text_problems(value)
        if problems:
            raise Invalid(*problems)
        if self.sanitize:
            value = html.escape(value, quote=False)
        if self.choices is not None and value not in self.choices:
            raise Invalid(self.message(
                "invalid_choice", f"Input should be {one_of(self.choices)}", value=value))
        if self.max_length is not None and len(value) > self.max_length:
            raise Invalid(self.message(
                "max_length",
                f"may be at most {self.max_length} characters long (this is {len(value)})",
                value=value, max_length=self.max_length))
        if self.min_length is not None and len(value) < self.min_length:
            raise Invalid(self.message(
                "min_length", f"must be at least {self.min_length} characters long",
                value=value, min_length=self.min_length))
        return value

    def check_new(self, value: object) -> list[str]:
        return nul_problems(value) if isinstance(value, str) else []


class Text(String):
    """Text of any length, unless a `max_length` is given."""

    def __init__(self, max_length: int | None = None, required: bool = False,
                 default: object = None, sanitize: bool = False,
                 **options: Unpack[FieldOptions]) -> None:
        super().__init__(max_length=max_length, required=required, default=default,
                         sanitize=sanitize, **options)


class Identifier(Field):
    """An id: a string, or an integer turned into one; at most `max_length` characters."""

    def __init__(self, max_length: int = 255, required: bool = False,
                 default: object = None, **options: Unpack[FieldOptions]) -> None:
        super().__init__(required=required, default=default, **options)
        self.max_length = max_length

    def empty_refused(self) -> str:
        # An identity given "" is not given (Protean stores it: a difference of our own).
        return self.message("required", "is required" if self.identifier else TOO_SHORT)

    def _clean(self, value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise Invalid(f"{quote(value)} is not a valid identifier")
        if isinstance(value, int):
            if value.bit_length() > 4 * self.max_length:  # surely too long: no str() needed
                raise Invalid(f"may be at most {self.max_length} characters long "
                              f"(this is {_digit_count(value):,} digits)")
            value = str(value)
        if len(value) > self.max_length:
            raise Invalid(f"may be at most {self.max_length} characters long "
                          f"(this is {len(value):,})")
        problems = text_problems(value)
        if problems:
            raise Invalid(*problems)
        return value

    def check_new(self, value: object) -> list[str]:
        return nul_problems(value) if isinstance(value, str) else []


class _Number(Field):
    kind = "number"
    message_keys = Field.message_keys | {"max_value", "min_value"}
    # The widest values the kind stores; a declared bound narrows them.
    lowest: float | None = None
    highest: float | None = None

    def __init__(
        self,
        min_value: float | None = None,
        max_value: float | None = None,
        required: bool = False,
        default: object = None,
        **options: Unpack[FieldOptions],
    ) -> None:
        super().__init__(required=required, default=default, **options)
        self.min_value = min_value
        self.max_value = max_value

    def _clean(self, value: object) -> object:
        number = self._coerce(value)
        if self.min_value is not None and number < self.min_value:
            raise Invalid(self.message("min_value", f"must be at least {self.min_value}",
                                       value=value, min_value=self.min_value))
        if self.max_value is not None and number > self.max_value:
            raise Invalid(self.message("max_value", f"must be at most {self.max_value}",
                                       value=value, max_value=self.max_value))
        if self.lowest is not None and number < self.lowest:
            raise Invalid(f"must be at least {self.lowest}")
        if self.highest is not None and number > self.highest:
            raise Invalid(f"must be at most {self.highest}")
        return number

    def _coerce(self, value: object) -> float:
        raise NotImplementedError


class Integer(_Number):
    """A whole number that SQLite can store; numeric strings are accepted, fractions are not."""

    sqlite_type = int
    lowest, highest = INT64_MIN, INT64_MAX

    def _coerce(self, value: object) -> int:
        if isinstance(value, bool):
            raise Invalid(f"{quote(value)} is not a whole number")
        if isinstance(value, int):
            return value
        if isinstance(value, str):
            text = value.strip()
            try:
                return int(text)
            except ValueError:
                pass
            if text.lstrip("+-").isdigit() and text.isascii():
                # More digits than int() reads: beyond every bound, on the side of its sign.
                return (INT64_MIN if text.startswith("-") else INT64_MAX) * 2
            try:
                number = float(text)
            except ValueError:
                raise Invalid(f"{quote(value)} is not a whole number") from None
            if math.isfinite(number) and number.is_integer():
                return int(number)
            raise Invalid(f"{quote(value)} is not a whole number")
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            return int(value)
        raise Invalid(f"{quote(value)} is not a whole number")


class Float(_Number):
    """A finite real number; numeric strings are accepted."""

    sqlite_type = float

    def _coerce(self, value: object) -> float:
        if isinstance(value, bool | bytes | bytearray):  # float(b"1") would say 1.0
            raise Invalid(f"{quote(value)} is not a number")
        try:
            number = float(cast(str, value))  # or any other kind: a TypeError is caught below
        except OverflowError:  # an int beyond a float's range: not a finite number either
            raise Invalid(f"{quote(value)} is not a finite number") from None
        except (TypeError, ValueError):
            raise Invalid(f"{quote(value)} is not a number") from None
        if not math.isfinite(number):
            raise Invalid(f"{quote(value)} is not a finite number")
        return number


class Boolean(Field):
    """True or false; the strings 'true'/'false' and the numbers 1/0 are accepted."""

    sqlite_type = int
    _words = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}

    def _clean(self, value: object) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in self._words:
            return self._words[value.strip().lower()]
        raise Invalid(f"{quote(value)} is not true or false")

    def from_storage(self, value: object) -> object:
        return None if value is None else bool(value)


class Date(Field):
    """A calendar day; an ISO 8601 string ("2024-05-01") is parsed, a datetime gives its day."""

    def _clean(self, value: object) -> date:
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                raise Invalid(f"{quote(value)} is not an ISO 8601 date") from None
        if isinstance(value, datetime):
            return value.date()
        if not isinstance(value, date):
            raise Invalid(f"{quote(value)} is not a date")
        return value

    def to_storage(self, value: object) -> object:
        return None if value is None else cast(date, value).isoformat()

    def from_storage(self, value: object) -> object:
        return None if value is None else date.fromisoformat(cast(str, value))

    to_plain = to_storage


class DateTime(Field):
    """A timezone-aware moment; ISO 8601 strings are parsed."""

    def _clean(self, value: object) -> datetime:
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                raise Invalid(f"{quote(value)} is not an ISO 8601 date and time") from None
        if not isinstance(value, datetime):
            raise Invalid(f"{quote(value)} is not a date and time")
        if value.tzinfo is None or value.utcoffset() is None:
            raise Invalid("must include a time zone")
        return value

    def to_storage(self, value: object) -> object:
        return None if value is None else cast(datetime, value).isoformat()

    def from_storage(self, value: object) -> object:
        return None if value is None else datetime.fromisoformat(cast(str, value))

    to_plain = to_storage


def _nested_messages(error: Exception) -> list[str]:
    messages = getattr(error, "messages", None)
    if isinstance(messages, dict):
        return [f"{name}: {text}" for name, texts in messages.items() for text in texts]
    return [shorten(str(error))]


def _new_value_problems(element: object) -> list[str]:
    """check_new of each field of an element held by a command, named by the field."""
    fields: dict[str, Field] = getattr(element, "_fields", {})
    values = getattr(element, "__dict__", {})
    return [f"{name}: {text}" for name, field in fields.items()
            for text in field.check_new(values.get(name))]


class ValueObject(Field):
    """An embedded value object; a dict of its fields is converted."""

    stored_as_json = True

    def __init__(self, value_object_cls: type, required: bool = False,
                 default: object = None, **options: Unpack[FieldOptions]) -> None:
        super().__init__(required=required, default=default, **options)
        self.value_object_cls = value_object_cls

    def _clean(self, value: object) -> object:
        cls = self.value_object_cls
        if isinstance(value, cls):
            return value
        if isinstance(value, dict):
            try:
                return cls(**value)
            except TypeError as error:
                raise Invalid(shorten(str(error))) from None
            except Exception as error:  # a ValidationError of the value object
                raise Invalid(*_nested_messages(error)) from None
        raise Invalid(f"must be a {cls.__name__}, not {type(value).__name__}")

    def check_new(self, value: object) -> list[str]:
        return _new_value_problems(value)

    def to_plain(self, value: object) -> object:
        return None if value is None else cast(_Plain, value).to_dict()

    to_storage = to_plain

    def from_storage(self, value: object) -> object:
        if value is None:
            return None
        return cast(_Restorable, self.value_object_cls)._from_stored(
            cast("dict[str, object]", value))


class _Many(Field):
    """A list of items, each cleaned on its own; problems are named by item number."""

    def __init__(self, required: bool = False, default: object = list,
                 max_items: int | None = None, **options: Unpack[FieldOptions]) -> None:
        super().__init__(required=required, default=default, **options)
        self.max_items = max_items

    def clean(self, value: object) -> object:
        if value is None:
            value = self.default_value()
        if value is None:
            value = []
        if not isinstance(value, list | tuple):
            raise Invalid(f"must be a list, not {type(value).__name__}")
        if not value and self.required:
            raise Invalid(self.message("required", "is required"))
        if self.max_items is not None and len(value) > self.max_items:
            raise Invalid(f"may hold at most {self.max_items:,} items (this has {len(value):,})")
        items: list[object] = []
        problems: list[str] = []
        for number, item in enumerate(value, start=1):
            try:
                if item is None:
                    raise Invalid("is empty (None)")
                items.append(self._clean_item(item))
            except Invalid as invalid:
                problems.extend(f"item {number}: {text}" for text in invalid.messages)
        if problems:
            raise Invalid(*problems)
        return self._collect(items) if self._plain else self._checked(self._collect(items))

    def check_new(self, value: object) -> list[str]:
        return [f"item {number}: {text}"
                for number, item in enumerate(cast("Iterable[object]", value or ()), start=1)
                for text in self._check_new_item(item)]

    def _check_new_item(self, item: object) -> list[str]:
        return _new_value_problems(item)

    def _clean_item(self, item: object) -> object:
        raise NotImplementedError

    def _collect(self, items: list[object]) -> object:
        return items


class Association(_Many):
    """Child entities stored with their aggregate; a class name resolves at init()."""

    def __init__(self, to: str | type, required: bool = False, default: object = list,
                 max_items: int | None = None, **options: Unpack[FieldOptions]) -> None:
        super().__init__(required=required, default=default, max_items=max_items, **options)
        self.to = to
        self.resolver: Callable[[str], type] | None = None

    @property
    def entity_cls(self) -> type:
        if isinstance(self.to, str):
            if self.resolver is None:
                # A bug in the calling code, not bad data: no ValidationError.
                raise IncorrectUsageError(
                    f"'{self.to}' is not resolved yet: call domain.init() first")
            self.to = self.resolver(self.to)
        return self.to

    def _clean_item(self, child: object) -> object:
        cls = self.entity_cls
        if isinstance(child, dict):
            try:
                return cls(**child)
            except Exception as error:  # a ValidationError, or a TypeError for a wrong key
                raise Invalid(*_nested_messages(error)) from None
        if not isinstance(child, cls):
            raise Invalid(f"must be a {cls.__name__}")
        return child

    def children(self, value: object) -> list[object]:
        """The child entities a value of this field holds, as a list (for storage)."""
        return list(cast("Iterable[object]", value or ()))

    def to_plain(self, value: object) -> object:
        return [child.to_dict() for child in cast("Iterable[_Plain]", value or ())]


class HasMany(Association):
    """A list of child entities stored with their aggregate."""


class HasOne(Association):
    """At most one child entity, stored with its aggregate: the entity itself, or None."""

    def __init__(self, to: str | type, required: bool = False, default: object = None,
                 **options: Unpack[FieldOptions]) -> None:
        super().__init__(to, required=required, default=default, **options)

    def clean(self, value: object) -> object:
        if value is None:
            value = self.default_value()
        if value is None:
            if self.required:
                raise Invalid(self.message("required", "is required"))
            return None
        return self._checked(self._clean_item(value)) if not self._plain \
            else self._clean_item(value)

    def children(self, value: object) -> list[object]:
        return [] if value is None else [value]

    def restore(self, stored: object) -> object:
        # Storage gives back the rows of the child table: none, or one.
        if isinstance(stored, list | tuple):
            return stored[0] if stored else None
        return super().restore(stored)

    def check_new(self, value: object) -> list[str]:
        return [] if value is None else _new_value_problems(value)

    def to_plain(self, value: object) -> object:
        return None if value is None else cast(_Plain, value).to_dict()


class Reference(Identifier):
    """The identity of another element (an entity's aggregate, say): given as the element
    or as its id; the id is what is held and stored."""

    def __init__(self, to: str | type, required: bool = False, default: object = None,
                 **options: Unpack[FieldOptions]) -> None:
        super().__init__(required=required, default=default, **options)
        self.to = to

    def _clean(self, value: object) -> object:
        identity = getattr(type(value), "_id_field", None)
        if identity is not None:  # an element: held by its identity
            value = value.__dict__[identity]
        return super()._clean(value)


def _inner_field(content_type: object) -> Field | None:
    """A List's or Dict's item field from what Protean accepts: a field, a field class
    (`String`), a value object class or a plain type (`str`, `int`, ...)."""
    if content_type is None or isinstance(content_type, Field):
        return content_type
    if isinstance(content_type, type) and issubclass(content_type, Field):
        return content_type()
    if isinstance(content_type, type) and hasattr(content_type, "_fields"):
        return ValueObject(content_type)
    plain: dict[object, type[Field]] = {str: String, int: Integer, float: Float,
                                        bool: Boolean, date: Date, datetime: DateTime}
    if content_type in plain:
        return plain[content_type]()
    if content_type in (dict, list):
        return _Any()
    raise ConfigurationError(f"{content_type!r} is not a content type a List can hold "
                             "(a field, a field class, a value object class or a plain type)")


class _Any(Field):
    """Any JSON value, kept as given (the items of a bare List or a Dict)."""

    def clean(self, value: object) -> object:
        if value is None:
            raise Invalid("is empty (None)")
        return value


class List(_Many):
    """A list whose every item is cleaned by one inner field (a ValueObject, say).

    `List(String(max_length=5))`, `List(content_type=String)` or a bare `List()`, whose
    items are any JSON values. Aggregates and entities hold a list; commands and events a
    tuple, so that they stay immutable.
    """

    stored_as_json = True

    def __init__(self, of: Field | None = None, required: bool = False,
                 default: object = list, max_items: int | None = None,
                 content_type: object = None, **options: Unpack[FieldOptions]) -> None:
        super().__init__(required=required, default=default, max_items=max_items, **options)
        if of is not None and content_type is not None:
            raise ConfigurationError("List takes its item field once: `of` or `content_type`")
        self.of: Field = _inner_field(of if of is not None else content_type) or _Any()
        self.holds_list = False

    def bind_to(self, mutable: bool) -> None:
        """Held by a mutable element (a list) or by an immutable one (a tuple)."""
        self.holds_list = mutable

    def _clean_item(self, item: object) -> object:
        return self.of.clean(item)

    def _check_new_item(self, item: object) -> list[str]:
        return self.of.check_new(item)

    def _collect(self, items: list[object]) -> object:
        return items if self.holds_list else tuple(items)

    def restore(self, stored: object) -> object:
        # Each item from its stored form, as the other fields are: no rule runs again
        # (not max_items, not the items' own).
        if not isinstance(stored, list | tuple):
            return super().restore(stored)
        restored = [self.of.restore(item) for item in stored]
        return restored if self.holds_list else tuple(restored)

    def to_plain(self, value: object) -> object:
        return [self.of.to_plain(item) for item in cast("Iterable[object]", value or ())]

    def to_storage(self, value: object) -> object:
        return self.to_plain(value)


class Dict(Field):
    """A mapping with text keys, stored as JSON; values must be JSON values."""

    stored_as_json = True

    def __init__(self, required: bool = False, default: object = dict,
                 **options: Unpack[FieldOptions]) -> None:
        super().__init__(required=required, default=default, **options)

    def clean(self, value: object) -> object:
        if value is None:
            value = self.default_value()
        if value is None or value == {}:
            if self.required:
                raise Invalid(self.message("required", "is required"))
            return {} if value is not None else None
        return self._checked(value) if not self._plain else self._clean(value)

    def _clean(self, value: object) -> object:
        if not isinstance(value, Mapping):
            raise Invalid(f"must be a dict, not {type(value).__name__}")
        keys = [key for key in value if not isinstance(key, str)]
        if keys:
            raise Invalid(f"keys must be text, not {quote(keys[0])}")
        return dict(value)
