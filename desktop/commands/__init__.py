"""The Commands dock: the commands on record, newest first (domain/readside/commands.py)."""
