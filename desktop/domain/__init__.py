"""Pure domain rules shared by the desktop client and the server (standard library only)."""
