"""PAdES signing and verification with the key on the token (pyhanko; no Qt)."""
