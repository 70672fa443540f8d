"""sync layer (not built yet)."""
