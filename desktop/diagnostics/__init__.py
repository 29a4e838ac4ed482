"""What the program keeps for a bug report: the log file, and the dialog that names it."""
