"""Charts: one builder (render.py) for the screen, exports and print; specs (spec.py) from the domain."""
