"""Briefing app: leadership and management in UK public services, offline."""

__version__ = "0.1.0"
APP_NAME = "Briefing: leadership and management in public services"
APP_SHORT_NAME = "Briefing app"
