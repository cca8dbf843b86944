"""Models of the teams pillar."""
