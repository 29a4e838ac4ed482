"""The questions the Failures dialog asks before it acts: opened without blocking."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from domain.readside import FailedDelivery, ProjectionStatus


def ask(parent: QWidget, name: str, text: str, details: str, act: str,
        on_yes: Callable[[], None]) -> QMessageBox:
    """A window-modal warning with `act` and Cancel (the default): `on_yes` runs only when
    `act` is pressed. Opened, not exec'd: the engine and the tests go on meanwhile."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Bookshelf Events", text,
                      QMessageBox.StandardButton.Cancel, parent)
    box.setObjectName(name)
    box.setInformativeText(details)
    yes = box.addButton(act, QMessageBox.ButtonRole.AcceptRole)
    yes.setObjectName(f"{name}Yes")
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.buttonClicked.connect(lambda button: on_yes() if button is yes else None)
    box.open()
    return box


def retry_all_text(waiting: list[FailedDelivery]) -> tuple[str, str]:
    """What Retry all asks: how many deliveries run again, and what that means."""
    parked = sum(each.parked for each in waiting)
    count = len(waiting)
    text = (f"Retry all: {count} failed {'delivery' if count == 1 else 'deliveries'} "
            f"will run again now.")
    details = (f"{parked} of them {'is' if parked == 1 else 'are'} parked and start a fresh "
               "count of attempts. A projection whose event is delivered goes on past it; "
               "one that fails again is recorded again.")
    return text, details


def skip_text(failure: FailedDelivery, projection: bool) -> tuple[str, str]:
    """What Skip asks: a projection goes on without the event, for good."""
    text = f"Skip event #{failure.position:,} for {failure.subscriber}?"
    if projection:
        details = ("The projection goes on past it as if it had never happened: its rows "
                   "will never show what this event changed, and a rebuild passes it too. "
                   "Skip only an event that can never apply; to try it again instead, "
                   "use Retry.")
    else:
        details = (f"{failure.subscriber} will never be given this event again (it is "
                   "listed as skipped). To try it again instead, use Retry.")
    return text, details


def rebuild_text(status: ProjectionStatus) -> tuple[str, str]:
    """What Rebuild warns of: how much it reads, and that commands go on meanwhile."""
    text = (f"Rebuild {status.name} from all {status.head:,} events?")
    details = ("Its tables are built again beside the ones in use, which go on being "
               "updated and shown; commands go on being accepted. The new tables replace "
               "them at the end, in one short transaction. Cancel leaves the projection as "
               "it was. Events skipped for it stay skipped.")
    return text, details
