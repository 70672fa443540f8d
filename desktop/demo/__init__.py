"""Demo and test PKI: a CA, certificates with Chinese identity fields, SoftHSM2 tokens."""
