"""Statements written for either backend, with `?` for each parameter as SQLite takes them,
made into psycopg's: each `?` outside a quoted string or name becomes `%s` (a `:name`,
with named parameters, `%(name)s`), and a `%` becomes `%%` (psycopg would take it for a
parameter)."""

from __future__ import annotations

import re
from functools import lru_cache

# A quoted string, a quoted name, a dollar-quoted body, a comment, or a character that
# needs rewriting.
_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|\$\$.*?\$\$|--[^\n]*|[?%]"""
                    r"|(?<![:\w]):[A-Za-z_]\w*", re.DOTALL)


def _replace(match: re.Match[str]) -> str:
    token = match.group(0)
    if token == "?":
        return "%s"
    if token == "%":
        return "%%"
    if token.startswith(":"):  # a named parameter (a `::` cast is not one)
        return f"%({token[1:]})s"
    # Inside quotes a `%` still reaches psycopg's parser: doubled there too.
    return token.replace("%", "%%")


@lru_cache(maxsize=4096)
def pyformat(sql: str) -> str:
    """`sql` with psycopg's placeholders for SQLite's (see the module's docstring)."""
    return _TOKEN.sub(_replace, sql)
