"""Domain operations of discovery, one module per noun: log touchpoints, keep evidence, shape the
opportunity tree, triage stakeholder input, record decisions and import notes.

Every function takes the acting membership explicitly, checks the role rule in
``pom.core.permissions``, raises ``ValidationError({"field": "message"})`` for bad input and
writes in one transaction, so a rejected request changes nothing. Callers use the package
(``services.record_touchpoint(...)``).
"""

from pom.discovery.services.decisions import (
    TRANSITIONS,
    record_decision,
    require_decider,
    set_decision_status,
    update_decision,
)
from pom.discovery.services.fields import (
    _outcome_model,
    clean_tags,
    require_team,
    resolve,
    today,
)
from pom.discovery.services.imports import IMPORT_FORMATS, apply_import, parse_import
from pom.discovery.services.inputs import ROUTES, submit_input, triage_input
from pom.discovery.services.insights import (
    add_insight,
    delete_insight,
    link_insight,
    unlink_insight,
    update_insight,
)
from pom.discovery.services.reviews import review_decision
from pom.discovery.services.touchpoints import (
    delete_touchpoint,
    record_touchpoint,
    update_touchpoint,
)
from pom.discovery.services.tree import (
    UPDATABLE_OPPORTUNITY,
    UPDATABLE_SOLUTION,
    add_comment,
    create_opportunity,
    create_solution,
    delete_opportunity,
    delete_solution,
    move_opportunity,
    move_solution,
    outcome_team_id,
    set_target,
    update_opportunity,
    update_solution,
)

__all__ = [
    "IMPORT_FORMATS",
    "ROUTES",
    "TRANSITIONS",
    "UPDATABLE_OPPORTUNITY",
    "UPDATABLE_SOLUTION",
    "_outcome_model",
    "add_comment",
    "add_insight",
    "apply_import",
    "clean_tags",
    "create_opportunity",
    "create_solution",
    "delete_insight",
    "delete_opportunity",
    "delete_solution",
    "delete_touchpoint",
    "link_insight",
    "move_opportunity",
    "move_solution",
    "outcome_team_id",
    "parse_import",
    "record_decision",
    "record_touchpoint",
    "require_decider",
    "require_team",
    "resolve",
    "review_decision",
    "set_decision_status",
    "set_target",
    "submit_input",
    "today",
    "triage_input",
    "unlink_insight",
    "update_decision",
    "update_insight",
    "update_opportunity",
    "update_solution",
    "update_touchpoint",
]
