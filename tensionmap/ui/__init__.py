"""The desktop application: main window, canvas, docks, dialogs, undo adapter.

Entry point: ``tensionmap.ui.app.run(args) -> int``.
"""
