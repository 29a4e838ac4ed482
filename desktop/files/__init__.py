"""Choosing database files: the File menu, the recent list, copies and the open errors."""
