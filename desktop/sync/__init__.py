"""Sync with the central server (httpx, no Qt): API client, CA login, credentials, sync engine."""
