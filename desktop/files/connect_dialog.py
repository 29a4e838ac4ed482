"""File > Connect to server…: a PostgreSQL server's host, port, database and user, and
its password only when the server asks for one."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.files.server_fields import FIELDS, ServerFields
from desktop.files.server_probe import ServerProbe
from desktop.widgets.field_message import FieldMessage, with_message
from domain.core.storage import credentials

LABELS = {"host": "&Host:", "port": "&Port:", "database": "&Database:", "user": "&User:"}
# Which field a refusal of the server is about, by its words (postgres/connection.py).
REFUSALS = {"no such database": "database", "no such user": "user"}


class ConnectDialog(QDialog):
    """Asks for an address, tries it (ServerProbe, off the GUI thread), and closes once the
    server let us in. Each field's problem shows under it as it is typed; the password
    field shows only when the server asked for a password libpq did not find (PGPASSWORD,
    ~/.pgpass) or refused the one given. A typed password goes to `credentials` (this
    process's memory) and nowhere else: the address never holds it.

    Signals:
        connected(str): the address (no password in it) a window can now be opened on.
    """

    connected = Signal(str)

    def __init__(self, parent: QWidget | None = None, fields: ServerFields | None = None,
                 password_reason: str | None = None) -> None:
        """`fields`: what to start with (a Recent entry's, say); `password_reason`: the
        server already asked for a password, in these words."""
        super().__init__(parent)
        self.setObjectName("connectDialog")
        self.setWindowTitle("Connect to a PostgreSQL server")
        self.address: str | None = None
        self._probe: ServerProbe | None = None
        start = fields or ServerFields()
        self.edits: dict[str, QLineEdit] = {}
        self.messages: dict[str, FieldMessage] = {}
        form = QFormLayout()
        for name in FIELDS:
            edit = QLineEdit(getattr(start, name))
            edit.setObjectName(f"server{name.title()}")
            edit.textEdited.connect(lambda _text, name=name: self.validate(only=name))
            self.edits[name] = edit
            self.messages[name] = FieldMessage(f"server{name.title()}Message")
            label = QLabel(LABELS[name])
            label.setBuddy(edit)
            form.addRow(label, with_message(edit, self.messages[name]))
        self.edits["port"].setMaxLength(5)
        self.password = QLineEdit()
        self.password.setObjectName("serverPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.messages["password"] = FieldMessage("serverPasswordMessage")
        self.password_label = QLabel("Pass&word:")
        self.password_label.setBuddy(self.password)
        form.addRow(self.password_label, with_message(self.password, self.messages["password"]))
        self._show_password(False)

        self.status = QLabel()
        self.status.setObjectName("serverStatus")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = QPushButton("&Connect")
        self.connect_button.setObjectName("serverConnect")
        self.connect_button.setDefault(True)
        buttons.addButton(self.connect_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.connect_button.clicked.connect(self.try_connecting)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("A store on a PostgreSQL server can be shared by several "
                                "windows on several machines."))
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        if password_reason is not None:
            self.ask_password(password_reason)
        else:
            next((edit for edit in self.edits.values() if not edit.text()),
                 self.edits["host"]).setFocus()

    def fields(self) -> ServerFields:
        return ServerFields(**{name: edit.text() for name, edit in self.edits.items()})

    def validate(self, only: str | None = None) -> dict[str, str]:
        """Show each field's problem under it (`only` that field's, as it is typed)."""
        problems = self.fields().problems()
        for name in FIELDS if only is None else (only,):
            self.messages[name].show_messages([problems[name]] if name in problems else [])
        return problems

    @Slot()
    def try_connecting(self) -> None:
        """Connect pressed: say what is wrong, else try the address."""
        if self._probe is not None or self.validate():
            return
        address = self.fields().address()
        if self.asking_password:
            if not self.password.text():
                self.messages["password"].show_messages(["Type the password."])
                return
            credentials.remember(address, self.password.text())
        self.messages["password"].show_messages([])
        self.status.setText(f"Connecting to {address}…")
        self._set_busy(True)
        # No parent: a dialog closed meanwhile leaves its thread emitting into nothing.
        self._probe = probe = ServerProbe(address)
        probe.reached.connect(self._reached)
        probe.passwordRequired.connect(self._password_required)
        probe.failed.connect(self._failed)
        probe.start()

    @Slot(str)
    def _reached(self, address: str) -> None:
        self._probe_ended()
        self.password.clear()
        self.address = address
        self.status.setText(f"Connected to {address}.")
        self.accept()
        self.connected.emit(address)

    @Slot(str, str)
    def _password_required(self, address: str, said: str) -> None:
        self._probe_ended()
        credentials.forget(address)  # a refused password is not tried again
        self.status.clear()
        self.ask_password(said)

    @Slot(str, str)
    def _failed(self, address: str, said: str) -> None:
        self._probe_ended()
        field = next((name for words, name in REFUSALS.items() if words in said), "host")
        self.messages[field].show_messages([said])
        self.status.clear()
        self.edits[field].setFocus()

    def ask_password(self, said: str) -> None:
        """Show the password field, with what the server said under it."""
        self._show_password(True)
        self.password.clear()
        refused = "refused" in said
        self.messages["password"].show_messages(
            ["The server refused the password: type it again." if refused else
             f"The server asks for {self.fields().user.strip() or 'this user'}'s password."])
        self.password.setFocus()

    def _show_password(self, shown: bool) -> None:
        self.asking_password = shown
        for widget in (self.password_label, self.password):
            widget.setVisible(shown)

    def _set_busy(self, busy: bool) -> None:
        for edit in (*self.edits.values(), self.password):
            edit.setReadOnly(busy)
        self.connect_button.setEnabled(not busy)

    def _probe_ended(self) -> None:
        self._probe = None
        self._set_busy(False)

    def done(self, result: int) -> None:
        # Cancelled while a probe runs: its answer, whenever it comes, is for nobody.
        if self._probe is not None:
            for signal in (self._probe.reached, self._probe.passwordRequired,
                           self._probe.failed):
                signal.disconnect()
            self._probe = None
        super().done(result)
