"""The list filter of the members page (``?q=``, ``?role=``)."""

from __future__ import annotations

from pom.accounts.models import Role
from pom.core.filters import ChoiceFilter, ListFilter, SearchFilter


class MemberFilter(ListFilter):
    """The members list: people whose name or email contains ``q``, in one role."""

    q = SearchFilter("user__email", "user__full_name")
    role = ChoiceFilter(choices=Role.choices)
