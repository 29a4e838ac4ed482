"""Storage: a port with one adapter (SQLite) today."""
