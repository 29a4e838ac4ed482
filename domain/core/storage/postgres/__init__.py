"""The PostgreSQL adapter of the storage port (issue 16, psycopg 3), built a piece at a time:
so far its schema steps and its event log, appended in commit order (event_log.py)."""
