"""密钥诊断: the help-desk page that lists every key and says why it does or does not work."""
