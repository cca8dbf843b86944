"""Domain operations of the strategy pillar, one module per noun.

Each takes the acting membership explicitly, checks the role rule for what it does, raises
``ValidationError`` keyed by the field at fault, and writes in one transaction. Callers use the
package (``services.create_bet(...)``); the modules are where each operation lives.
"""

from pom.strategy.services.bets import (
    create_bet,
    delete_bet,
    move_bet,
    next_rank,
    rerank_bets,
    update_bet,
)
from pom.strategy.services.checkins import delete_check_in, record_check_in
from pom.strategy.services.comments import add_comment, delete_comment
from pom.strategy.services.commitments import commit_outcome, withdraw_commitment
from pom.strategy.services.cycles import create_cycle, delete_cycle, update_cycle
from pom.strategy.services.funding import allocate_funding, delete_funding, update_funding
from pom.strategy.services.outcomes import (
    OUTCOME_FIELDS,
    UnclearOutcome,
    clean_guardrails,
    create_outcome,
    delete_outcome,
    update_outcome,
)
from pom.strategy.services.principles import (
    create_principle,
    delete_principle,
    move_principle,
    reorder_principles,
    update_principle,
)
from pom.strategy.services.projects import create_project, delete_project, update_project
from pom.strategy.services.refs import resolve, resolve_outcome_refs, resolve_refs
from pom.strategy.services.vision import save_vision, update_settings

__all__ = [
    "OUTCOME_FIELDS",
    "UnclearOutcome",
    "add_comment",
    "allocate_funding",
    "clean_guardrails",
    "commit_outcome",
    "create_bet",
    "create_cycle",
    "create_outcome",
    "create_principle",
    "create_project",
    "delete_bet",
    "delete_check_in",
    "delete_comment",
    "delete_cycle",
    "delete_funding",
    "delete_outcome",
    "delete_principle",
    "delete_project",
    "move_bet",
    "move_principle",
    "next_rank",
    "record_check_in",
    "reorder_principles",
    "rerank_bets",
    "resolve",
    "resolve_outcome_refs",
    "resolve_refs",
    "save_vision",
    "update_bet",
    "update_cycle",
    "update_funding",
    "update_outcome",
    "update_principle",
    "update_project",
    "update_settings",
    "withdraw_commitment",
]
