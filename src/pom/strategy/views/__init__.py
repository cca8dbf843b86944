"""Pages of the strategy pillar, one module per noun: home (vision, settings), bets, comments, the
strategy map, outcomes, commitments, check-ins, cycles with their funding, and projects.
"""
