"""Old path of desktop.widgets.table_view, kept for the event log's modules until they move."""

# desktop/event_log_model.py and event_log_panel.py import this path and are being replaced
# in another branch (desktop/event_log/); delete this file once nothing imports it.
from desktop.widgets.table_view import make_table, select_row, size_columns, sort_proxy

__all__ = ['make_table', 'select_row', 'size_columns', 'sort_proxy']
