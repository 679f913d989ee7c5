"""Widgets of the main window: panes, detail, dialogs, and the extension list."""
