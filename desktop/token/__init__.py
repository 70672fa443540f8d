"""The key layer: PKCS#11 modules, tokens, certificates and the help-desk diagnosis (no Qt)."""
