"""The workbench of tests/desktop/test_workbench.py, whose chooser answers every dialog."""

from tests.desktop.test_workbench import workbench  # noqa: F401  (a fixture, found by name)
