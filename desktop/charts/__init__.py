"""Live charts: events per second by type, and orders by status over time."""
