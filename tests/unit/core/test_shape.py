"""The core's modules import their siblings, never the package `domain.core` (its facade)."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).parents[3] / "domain" / "core"


def imports_of_the_package_itself(path: Path) -> list[int]:
    """Lines of `path` that import `domain.core` itself rather than one of its modules."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module == "domain.core":
            lines.append(node.lineno)
        if isinstance(node, ast.Import) and any(a.name == "domain.core" for a in node.names):
            lines.append(node.lineno)
    return lines


def test_no_module_of_the_core_imports_the_core_package() -> None:
    modules = [path for path in CORE.rglob("*.py") if path != CORE / "__init__.py"]
    offenders = {str(path.relative_to(CORE)): lines for path in modules
                 if (lines := imports_of_the_package_itself(path))}
    assert len(modules) > 20
    assert offenders == {}
