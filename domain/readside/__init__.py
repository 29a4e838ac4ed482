"""The read side: the event log and the projections as the window and the command line read them."""

from domain.core.storage.reading import NO_FILTER, EventFilter, Reader
from domain.readside.background_count import BackgroundCount, Progress
from domain.readside.details import BookDetails, DetailsQueries, OrderDetails, PlacedLine
from domain.readside.event_count import EventCount, count_text
from domain.readside.event_log import SCAN_LIMIT, WHOLE_LOG, EventLog, SearchScope
from domain.readside.event_log_pager import FOLLOW_PAGES, PAGE_SIZE, EventLogPager
from domain.readside.event_row import EventRow
from domain.readside.event_table import EventTable
from domain.readside.export import (
    EXPORT_PAGE,
    ExportCancelled,
    ExportFormat,
    ExportProgress,
    ExportSummary,
    export_events,
)
from domain.readside.failed_deliveries import FailedDelivery
from domain.readside.health import Health, HealthMeter, Lag
from domain.readside.json_tree import JsonNode, Kind, Link, json_text, json_tree
from domain.readside.projection_status import ProjectionStatus, projection_statuses
from domain.readside.projection_window import ProjectionTable, ProjectionWindow
from domain.readside.projections import BOOKS, ORDERS, ProjectionQueries
from domain.readside.row_changes import Inserted, Removed, Reset, RowChange, RowListener
from domain.readside.short_names import SHORT_ID, short_id, short_stream, short_type, stream_id
from domain.readside.slow_deliveries import SlowDelivery, running_first
from domain.readside.stops import ProjectionStop
from domain.readside.times import local_time, utc_time, with_zoned_times, zoned_time

__all__ = [
    "BOOKS", "EXPORT_PAGE", "FOLLOW_PAGES", "NO_FILTER", "ORDERS", "PAGE_SIZE", "SCAN_LIMIT",
    "SHORT_ID", "WHOLE_LOG",
    "BackgroundCount", "BookDetails", "DetailsQueries", "EventCount", "EventFilter",
    "EventLog", "EventLogPager", "EventRow", "EventTable", "ExportCancelled",
    "ExportFormat", "ExportProgress", "ExportSummary", "FailedDelivery", "Health",
    "HealthMeter", "Inserted", "JsonNode", "Kind", "Lag", "Link", "OrderDetails",
    "PlacedLine", "Progress",
    "ProjectionQueries", "ProjectionStatus", "ProjectionStop", "ProjectionTable",
    "ProjectionWindow", "Reader", "Removed", "Reset", "RowChange", "RowListener",
    "SearchScope", "SlowDelivery", "count_text", "export_events", "json_text", "json_tree",
    "local_time",
    "projection_statuses", "running_first", "short_id", "short_stream", "short_type", "stream_id",
    "utc_time",
    "with_zoned_times", "zoned_time",
]
