"""store layer (not built yet)."""
