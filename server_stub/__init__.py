"""The lightweight central server (FastAPI). Imports desktop.domain and nothing else from desktop."""
