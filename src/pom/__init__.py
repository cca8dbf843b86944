"""pom: run a company on the Product Operating Model."""

__version__ = "0.1.0"
