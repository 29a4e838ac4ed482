"""Help > About: the versions of the program and its parts, and the database it shows."""

from __future__ import annotations


def test_help_about_says_the_versions_and_the_database(window, database_path):
    from importlib.metadata import version

    window.show_about()
    text = window.about_box.text()
    assert f"Bookshelf Events: {version('bookshelf-events')}" in text
    assert "Qt: " in text and "SQLite: " in text and "Python: " in text
    assert f"Database: {database_path}" in text
    window.about_box.close()
