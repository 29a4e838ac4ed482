"""Old path of desktop.widgets.list_table_model, kept until the event log moves."""

# desktop/event_log_model.py and event_log_panel.py import this path and are being replaced
# in another branch (desktop/event_log/); delete this file once nothing imports it.
from desktop.widgets.list_table_model import RIGHT_ALIGNED, AnyIndex, ListTableModel

__all__ = ['RIGHT_ALIGNED', 'AnyIndex', 'ListTableModel']
