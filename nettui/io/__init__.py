"""File formats in and out of nettui; plain Python, never Textual."""
