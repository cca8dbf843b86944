"""Models of the experiments pillar."""
