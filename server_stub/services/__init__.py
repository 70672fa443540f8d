"""Server services: the change feed, applying commands exactly once, the registry, blobs."""
