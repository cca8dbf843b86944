"""Culture pages, one module per ritual: ``demos`` and ``reviews``."""
