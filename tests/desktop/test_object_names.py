"""Every objectName desktop/OBJECT_NAMES.md promises can be found in the window."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QObject

from desktop.main_window import MainWindow

NAMES = Path(__file__).resolve().parents[2] / "desktop" / "OBJECT_NAMES.md"
# Made when there is something to show, not with the window.
MADE_ON_DEMAND = {"errorDialog", "openFailureDialog", "openAnother", "openRetry", "openQuit",
                  "openCancel", "startWindow", "startNew", "startOpen", "startOpenReadOnly",
                  "startSample", "startRecent", "startConnect", "connectDialog",
                  "serverHost", "serverPort", "serverDatabase", "serverUser", "serverPassword",
                  "serverHostMessage", "serverPortMessage", "serverDatabaseMessage",
                  "serverUserMessage", "serverPasswordMessage", "serverStatus",
                  "serverConnect", "actionRecent1", "failuresDialog",
                  "failuresTable", "failuresSummary", "failuresMessage", "failureRetry",
                  "failureRetryAll", "failureSkip", "projectionsTable", "projectionRebuild",
                  "rebuildQuestion", "rebuildProgress", "retryAllQuestion", "skipQuestion",
                  "unexpectedErrorDialog", "historyWindow", "historyStream", "historyVersions",
                  "historyNote", "historyComparison", "historySplitter"}


def promised_names() -> set[str]:
    first_cells = [line.split("|")[1] for line in NAMES.read_text().splitlines()
                   if line.startswith("| ")]
    return {name for cell in first_cells for name in re.findall(r"`(\w+)`", cell)}


def test_the_list_names_every_panel() -> None:
    assert {"bookTitle", "bookAdd", "orderConfirm", "orderShip", "eventLogTypeFilter",
            "eventLogTextFilter", "catalogTable", "ordersTable"} <= promised_names()


def test_every_name_in_the_list_is_in_the_window(window: MainWindow) -> None:
    found = {name for name in promised_names() - MADE_ON_DEMAND
             if window.objectName() == name or window.findChild(QObject, name) is not None}
    assert promised_names() - MADE_ON_DEMAND - found == set()
