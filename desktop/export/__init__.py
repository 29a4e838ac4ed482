"""File > Export events…: the file, what to export, and the export on a thread of its own."""
