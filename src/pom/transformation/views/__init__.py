"""Transformation pages, one module per noun."""
