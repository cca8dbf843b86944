"""The list filters of the metrics pages (``?q=``, ``?source=``) and their other parameters."""

from __future__ import annotations

from django import forms

from pom.core.filters import IdFilter, ListFilter, PageParams, SearchFilter


class MetricFilter(ListFilter):
    """The metrics list: metrics whose name or description contains ``q``, from one source."""

    q = SearchFilter("name", "description")
    source = IdFilter(field_name="source_id")


class MetricStart(PageParams):
    """Where a new metric starts from: a data source (``?source=``)."""

    source = forms.IntegerField(required=False, min_value=0)


class RefreshPoll(PageParams):
    """The refresh panel's poll: ``?was=running`` when the last poll saw a refresh running."""

    was = forms.ChoiceField(required=False, choices=[("running", "Running")])
