"""The window shown when no database is open: new, open, recent, the sample."""
