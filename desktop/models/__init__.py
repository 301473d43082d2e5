"""Qt item models over engine data and app state."""
