"""The catalog panel: the add-book form and the table of books."""
