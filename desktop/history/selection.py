"""What "Show history" acts on: the book, order or event selected where the user is."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

# A panel, and what it has selected as a name the history finds (None: nothing).
Source = tuple[QWidget, Callable[[], str | None]]


def selected_name(focus: QWidget | None, sources: list[Source]) -> str | None:
    """The selection of the panel holding `focus`; else the first panel's that has one
    (the order of `sources` says which is asked first)."""
    for panel, selected in sources:
        if focus is not None and (focus is panel or panel.isAncestorOf(focus)):
            return selected()
    return next((name for _, selected in sources if (name := selected()) is not None), None)
