"""A mypy plugin: a class declared by `@domain.aggregate` (and the like) types as its element."""

from __future__ import annotations

from collections.abc import Callable

from mypy.mro import MroError, calculate_mro
from mypy.nodes import (
    ARG_NAMED,
    ARG_NAMED_OPT,
    ARG_POS,
    ARG_STAR2,
    Argument,
    AssignmentStmt,
    CallExpr,
    Expression,
    MemberExpr,
    NameExpr,
    RefExpr,
    StrExpr,
    TypeInfo,
    Var,
)
from mypy.plugin import ClassDefContext, Plugin, SemanticAnalyzerPluginInterface
from mypy.plugins.common import add_attribute_to_class, add_method_to_class
from mypy.types import AnyType, Instance, NoneType, Type, TypeOfAny, UnionType

# Why this plugin: the Domain's decorators (domain/core/elements.py, build_element) replace
# the declared class with an attrs class derived from an element base, whose attributes are
# the fields' values (a String gives a str). mypy keeps the declared class as it is written.

DOMAIN = "domain.core.facade.Domain"
BASES = {
    "aggregate": "domain.core.elements.BaseAggregate",
    "entity": "domain.core.elements.BaseEntity",
    "value_object": "domain.core.elements.BaseValueObject",
    "event": "domain.core.elements.BaseEvent",
    "command": "domain.core.elements.BaseCommand",
    "projection": "domain.core.elements.BaseProjection",
    "process_manager": "domain.core.process_manager.BaseProcessManager",
}
# Services are built on a base too (services.py), and have no fields.
SERVICE_BASES = {
    "domain_service": "domain.core.domain_service.BaseDomainService",
    "application_service": "domain.core.application_service.BaseApplicationService",
}
# build_element adds an `id` to these unless one is declared
WITH_ID = ("aggregate", "entity", "projection", "process_manager")
# The value each field kind cleans to; a subclass (Text is a String) takes its base's.
SCALARS = {
    "domain.core.fields.String": "builtins.str",
    "domain.core.fields.Identifier": "builtins.str",
    "domain.core.fields.Integer": "builtins.int",
    "domain.core.fields.Float": "builtins.float",
    "domain.core.fields.Boolean": "builtins.bool",
    "domain.core.fields.DateTime": "datetime.datetime",
}
ANY = AnyType(TypeOfAny.special_form)


class DomainElementsPlugin(Plugin):
    def get_customize_class_mro_hook(self, fullname: str
                                     ) -> Callable[[ClassDefContext], None] | None:
        return _adopt_element_base

    # The _2 hook runs once every class is analyzed: HasMany("Line") may name a class below.
    def get_class_decorator_hook_2(self, fullname: str
                                   ) -> Callable[[ClassDefContext], bool] | None:
        kind = fullname.removeprefix(DOMAIN + ".")
        if kind in BASES:
            return lambda ctx: _add_fields(ctx, kind)
        return None


def plugin(version: str) -> type[Plugin]:
    return DomainElementsPlugin


# -- the base class ----------------------------------------------------------------------------

def _adopt_element_base(ctx: ClassDefContext) -> None:
    """Called for every class as mypy computes its MRO, before its body is analyzed."""
    kind = _element_kind(ctx)
    if kind is None:
        return
    base = ctx.api.lookup_fully_qualified_or_none({**BASES, **SERVICE_BASES}[kind])
    if base is None or not isinstance(base.node, TypeInfo):
        ctx.api.defer()  # the core's elements module is not analyzed yet
        return
    info = ctx.cls.info
    if not info.has_base(base.node.fullname):
        # The declared class is a plain class: its `object` base becomes the element's.
        others = [b for b in info.bases if b.type.fullname != "builtins.object"]
        info.bases = [*others, Instance(base.node, [])]
        info.mro = []  # calculate_mro keeps an MRO it already has
        try:
            calculate_mro(info)
        except MroError:
            ctx.api.fail(f"cannot make {info.name} a {base.node.name}", ctx.cls)


def _element_kind(ctx: ClassDefContext) -> str | None:
    """The kind of element a Domain's decorator declares the class as, if it has one.

    mypy hands class decorators to plugins by their full name, and an instance's method
    (`bookshelf.aggregate`) has none while classes are analyzed. Once this finds that the
    decorator is a Domain's, it names it, so that mypy calls `_add_fields` after the body.
    """
    for decorator in ctx.cls.decorators:
        callee = decorator.callee if isinstance(decorator, CallExpr) else decorator
        if (isinstance(callee, MemberExpr)
                and (callee.name in BASES or callee.name in SERVICE_BASES)
                and _is_domain(ctx.api, callee.expr)):
            callee.fullname = f"{DOMAIN}.{callee.name}"
            return callee.name
    return None


def _is_domain(api: SemanticAnalyzerPluginInterface, expr: Expression) -> bool:
    if not isinstance(expr, NameExpr):
        return False
    symbol = api.lookup_qualified(expr.name, expr, suppress_errors=True)
    var = symbol.node if symbol else None
    if not isinstance(var, Var):
        return False
    if isinstance(var.type, Instance):
        return var.type.type.has_base(DOMAIN)
    # Inferred later (by the checker): read the `name = Domain(...)` that made it.
    module = api.modules.get(var.fullname.rpartition(".")[0])
    for statement in module.defs if module else ():
        if (isinstance(statement, AssignmentStmt) and isinstance(statement.rvalue, CallExpr)
                and any(isinstance(lvalue, NameExpr) and lvalue.node is var
                        for lvalue in statement.lvalues)):
            made_by = _class_of(statement.rvalue.callee)
            return made_by is not None and made_by.has_base(DOMAIN)
    return False


def _class_of(expr: Expression) -> TypeInfo | None:
    return expr.node if isinstance(expr, RefExpr) and isinstance(expr.node, TypeInfo) else None


# -- the fields and __init__ -------------------------------------------------------------------

def _add_fields(ctx: ClassDefContext, kind: str) -> bool:
    """Type each declared field as its value and add the keyword-only __init__ of attrs."""
    info = ctx.cls.info
    if "domain_element" in info.metadata:
        return True  # done on an earlier pass (mypy repeats them while any class needs one)
    fields = _declared_fields(ctx)
    if kind in WITH_ID and "id" not in fields:
        fields = {"id": (_named(ctx.api, "builtins.str"), False, True), **fields}

    arguments = []
    for name, (value, required, defaulted) in fields.items():
        # An attribute is None only when nothing fills it in; an argument may always be
        # left out or None, unless the field is required.
        attribute = value if required or defaulted else _optional(value)
        add_attribute_to_class(ctx.api, ctx.cls, name, attribute)
        accepted = _accepted(ctx.api, value)
        argument = accepted if required else _optional(accepted)
        arguments.append(Argument(Var(name, argument), argument, None,
                                  ARG_NAMED if required else ARG_NAMED_OPT))
        if kind in WITH_ID:
            _add_has_many_helpers(ctx, name, value)
    add_method_to_class(ctx.api, ctx.cls, "__init__", arguments, NoneType())
    info.metadata["domain_element"] = {"kind": kind}
    return True


def _add_has_many_helpers(ctx: ClassDefContext, name: str, value: Type) -> None:
    """add_, remove_, filter_ and get_one_from_<name> of a HasMany field (see has_many.py),
    unless the class defines its own."""
    if not (isinstance(value, Instance) and value.type.fullname == "builtins.list"):
        return
    api, item = ctx.api, value.args[0]
    one_or_many = UnionType([_accepted(api, item), _named(api, "typing.Sequence",
                                                          [_accepted(api, item)])])
    items = [Argument(Var("items", one_or_many), one_or_many, None, ARG_POS)]
    criteria = [Argument(Var("criteria", ANY), ANY, None, ARG_STAR2)]
    helpers: list[tuple[str, list[Argument], Type]] = [
        (f"add_{name}", items, NoneType()), (f"remove_{name}", items, NoneType()),
        (f"filter_{name}", criteria, value), (f"get_one_from_{name}", criteria, item),
    ]
    for helper, arguments, returned in helpers:
        if helper not in ctx.cls.info.names:
            add_method_to_class(api, ctx.cls, helper, arguments, returned)


def _declared_fields(ctx: ClassDefContext) -> dict[str, tuple[Type, bool, bool]]:
    """Name -> (value type, required, has a default), for `name = SomeField(...)` lines."""
    fields = {}
    for statement in ctx.cls.defs.body:
        if (isinstance(statement, AssignmentStmt) and len(statement.lvalues) == 1
                and isinstance(statement.lvalues[0], NameExpr)
                and isinstance(statement.rvalue, CallExpr)):
            declared = _field(ctx, statement.rvalue)
            if declared is not None:
                fields[statement.lvalues[0].name] = declared
    return fields


def _field(ctx: ClassDefContext, call: CallExpr) -> tuple[Type, bool, bool] | None:
    field_cls = _class_of(call.callee)
    if field_cls is None or not field_cls.has_base("domain.core.fields.Field"):
        return None
    required = _argument(call, "required", None)
    is_required = isinstance(required, NameExpr) and required.fullname == "builtins.True"
    default = _argument(call, "default", None)
    is_defaulted = default is not None and not (
        isinstance(default, NameExpr) and default.fullname == "builtins.None")
    value = _value_type(ctx, field_cls, call)
    if field_cls.has_base("domain.core.fields._Many"):
        is_defaulted = True  # a list field is never None: nothing given is []
    return value, is_required, is_defaulted


def _value_type(ctx: ClassDefContext, field_cls: TypeInfo, call: CallExpr) -> Type:
    api = ctx.api
    for klass in field_cls.mro:
        if klass.fullname in SCALARS:
            return _named(api, SCALARS[klass.fullname])
        if klass.fullname == "domain.core.fields.ValueObject":
            return _element(api, _argument(call, "value_object_cls", 0))
        if klass.fullname == "domain.core.fields.HasMany":
            return _named(api, "builtins.list", [_element(api, _argument(call, "to", 0))])
        if klass.fullname == "domain.core.fields.List":
            of = _argument(call, "of", 0)
            item = _field(ctx, of) if isinstance(of, CallExpr) else None
            return _named(api, "builtins.tuple", [item[0] if item else ANY])
    return ANY  # a field kind this plugin does not know: its values are not checked


def _element(api: SemanticAnalyzerPluginInterface, target: Expression | None) -> Type:
    """The class a ValueObject or HasMany refers to: itself, or by its name in this module
    (the runtime resolves a name among all the domain's entities: one from another module
    is Any here)."""
    if isinstance(target, StrExpr):
        symbol = api.lookup_qualified(target.value, target, suppress_errors=True)
        target_cls = symbol.node if symbol else None
    else:
        target_cls = target.node if isinstance(target, RefExpr) else None
    return Instance(target_cls, []) if isinstance(target_cls, TypeInfo) else ANY


def _accepted(api: SemanticAnalyzerPluginInterface, value: Type) -> Type:
    """What a field takes for `value`: a list field any sequence, an element also a dict."""
    if not isinstance(value, Instance):
        return value
    if value.type.fullname in ("builtins.list", "builtins.tuple"):
        return _named(api, "typing.Sequence", [_accepted(api, value.args[0])])
    if value.type.has_base("domain.core.elements.BaseElement"):
        as_dict = _named(api, "builtins.dict", [_named(api, "builtins.str"), ANY])
        return UnionType([value, as_dict])
    return value


def _argument(call: CallExpr, name: str, position: int | None) -> Expression | None:
    for index, (arg_name, arg) in enumerate(zip(call.arg_names, call.args, strict=True)):
        if arg_name == name or (arg_name is None and index == position):
            return arg
    return None


def _named(api: SemanticAnalyzerPluginInterface, fullname: str, args: list[Type] | None = None
           ) -> Type:
    return api.named_type_or_none(fullname, args) or ANY


def _optional(value: Type) -> Type:
    return UnionType([value, NoneType()])
