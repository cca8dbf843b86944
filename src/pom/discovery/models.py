"""Models of the discovery pillar."""
