"""Table names replaced in a statement, word by word: how a rebuild points a projection's
own SQL at its new tables, on either backend."""

from __future__ import annotations

import re

# A string literal (kept as it is), or an identifier: double-quoted, bracketed, back-quoted
# or bare. Only identifiers are compared with the names being replaced.
_TOKEN = re.compile(r"""'(?:[^']|'')*'|"((?:[^"]|"")*)"|\[([^\]]*)\]|`((?:[^`]|``)*)`"""
                    r"|([A-Za-z_][A-Za-z0-9_$]*)")


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def rename(sql: str, names: dict[str, str]) -> str:
    """`sql` with each identifier that is a key of `names` (lower case) replaced by its
    value, which is written as it is given (quoted already)."""
    def replace(match: re.Match[str]) -> str:
        found = next((group for group in match.groups() if group is not None), None)
        new = names.get(found.lower()) if found is not None else None
        return match.group(0) if new is None else new
    return _TOKEN.sub(replace, sql)
