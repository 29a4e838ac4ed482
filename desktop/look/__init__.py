"""How the window looks: its icon, its light or dark appearance, its colors."""
