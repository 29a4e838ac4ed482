"""The context menu items the tables share: follow a row to its history or events, copy its id."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMenu


def menu_item(menu: QMenu, text: str, object_name: str, run: Callable[[], object],
              enabled: bool = True) -> QAction:
    """An item of `menu` that runs `run`; disabled where the row has nothing to offer."""
    action = menu.addAction(text)
    action.setObjectName(object_name)
    action.setEnabled(enabled)
    action.triggered.connect(lambda: run())
    return action


def copy_text(text: str) -> None:
    QGuiApplication.clipboard().setText(text)


def aggregate_items(menu: QMenu, table_name: str, aggregate_id: str, stream: str,
                    trace: Callable[[str], object], history: Callable[[str], object],
                    events: Callable[[str], object]) -> None:
    """Show trace, Show history, Show events and Copy id, for an aggregate's row: each
    given the aggregate's `stream` (its id for the copy)."""
    menu_item(menu, "Show &trace", f"{table_name}ShowTrace", lambda: trace(stream))
    menu_item(menu, "Show &history", f"{table_name}ShowHistory", lambda: history(stream))
    menu_item(menu, "Show its &events in the log", f"{table_name}ShowStream",
              lambda: events(stream))
    menu_item(menu, "Copy &id", f"{table_name}CopyId", lambda: copy_text(aggregate_id))
