from tests.desktop.opened_bookshelf import breakdown, opened  # noqa: F401
