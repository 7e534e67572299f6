"""Readable sources of the example workspaces shipped in workspaces/."""
