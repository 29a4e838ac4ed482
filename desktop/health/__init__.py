"""The status bar's health: the engine's figures, and a click to the Failures dialog."""
