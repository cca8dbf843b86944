"""Signals discovery sends for other pillars to act on, without discovery knowing them.

``input_triaged(sender=StakeholderInput, actor=<Membership>, item=<StakeholderInput>)``: a team
triaged a stakeholder's input (linked, routed, declined or marked a duplicate; not a reopening).
Sent inside the triage transaction, so a receiver's writes commit or roll back with it.
"""

from __future__ import annotations

from django.dispatch import Signal

input_triaged = Signal()
