"""Wire shapes shared by the sync client and the server (grows with the sync issue)."""

PROTOCOL_VERSION = 1
