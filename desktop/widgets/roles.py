"""Item data roles shared by the models and the views and forms that read them."""

from PySide6.QtCore import Qt

# The id of the row's book, order or event, for selecting rows by identity.
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
# The row's whole record (a projection row as a dict), for a form that picks rows of
# another panel's model without importing that panel.
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2
# What a completer puts into its line edit when a row is chosen (the list shows more).
COMPLETION_ROLE = Qt.ItemDataRole.UserRole + 3
