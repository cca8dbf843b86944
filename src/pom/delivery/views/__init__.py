"""Delivery pages, split by noun."""
