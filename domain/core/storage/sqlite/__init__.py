"""The SQLite adapter of the storage port."""
