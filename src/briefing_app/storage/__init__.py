"""Files the application writes: atomic writes, settings, logs. No Qt here."""
