"""Old path of desktop.widgets.roles, kept for the event log's modules until they move."""

# desktop/event_log_model.py and event_log_panel.py import this path and are being replaced
# in another branch (desktop/event_log/); delete this file once nothing imports it.
from desktop.widgets.roles import KEY_ROLE, SORT_ROLE

__all__ = ['KEY_ROLE', 'SORT_ROLE']
