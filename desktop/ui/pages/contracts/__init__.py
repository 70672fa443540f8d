"""合同在线签订 (online contract signing)."""
