"""Domain operations of the transformation; every write goes through here.

Each takes the acting membership, checks the role rule, validates everything before writing
and raises ``ValidationError`` keyed by the field at fault, so nothing is stored on bad input.
"""

from pom.transformation.services.pilots import Chosen, answer_hunger, choose_pilot, end_pilot
from pom.transformation.services.readiness import take_assessment

__all__ = ["Chosen", "answer_hunger", "choose_pilot", "end_pilot", "take_assessment"]
