"""Reading what pipelines send: signatures, and each format turned into plain records."""
