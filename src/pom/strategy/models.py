"""Models of the strategy pillar."""
