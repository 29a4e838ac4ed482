"""The selected event in full: a collapsible JSON tree whose ids lead on."""
