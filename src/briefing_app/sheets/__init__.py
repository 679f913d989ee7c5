"""Briefing sheets and packs: content (no Qt), layout and painting (one function for every device),
PDF export, printing, the pack panel, the window integration and the `sheet` command."""
