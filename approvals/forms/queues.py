"""The filters of the reviewers' task lists (queue, inbox): the search, on each task's dossier and
its deadline."""

from __future__ import annotations

import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task

from audit.forms import DATE_FORMAT, DATE_WIDGET
from dossiers.models import AwardForm, Campaign, NomineeKind, Status
from dossiers.search import MAX_LENGTH, search_q
from roles.models import Unit

from ..selectors.tasks import DEADLINE, DOSSIER, task_filter_choices

OVERDUE, ESCALATED, WEEK, MONTH = "overdue", "escalated", "week", "month"
DUE_WITHIN = {WEEK: 7, MONTH: 30}
# The search box of the dossier list and the task lists.
SEARCH_LABEL = _("Search by reference, nominee's name or unit")


class QueueFilter(django_filters.FilterSet):
    """Choices offer only what the user may see; a value they may not see (or cannot be read)
    matches nothing, rather than silently everything."""

    search = django_filters.CharFilter(label=SEARCH_LABEL, method="filter_search", max_length=MAX_LENGTH)
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"), field_name=f"{DOSSIER}__campaign", queryset=Campaign.objects.none()
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Proposing unit"), field_name=f"{DOSSIER}__unit", queryset=Unit.objects.none()
    )
    nominee_kind = django_filters.ChoiceFilter(
        label=_("Nominee kind"), field_name=f"{DOSSIER}__nominee__kind", choices=NomineeKind.choices
    )
    award_form = django_filters.ModelChoiceFilter(
        label=_("Award form"), field_name=f"{DOSSIER}__award_form", queryset=AwardForm.objects.none()
    )
    state = django_filters.ChoiceFilter(label=_("Status"), field_name=f"{DOSSIER}__status", choices=Status.choices)
    deadline = django_filters.ChoiceFilter(
        label=_("Due date"),
        method="filter_deadline",
        choices=[
            (OVERDUE, _("Overdue")),
            (ESCALATED, _("Escalated to the head of the office")),
            (WEEK, _("Within 7 days")),
            (MONTH, _("Within 30 days")),
        ],
    )
    deadline_before = django_filters.DateFilter(
        label=_("Deadline on or before"),
        field_name=DEADLINE,
        lookup_expr="lte",
        input_formats=[DATE_FORMAT],
        widget=DATE_WIDGET,
    )

    class Meta:
        model = Task
        fields: list[str] = []

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        for name, choices in task_filter_choices(request.user).items():
            self.filters[name].queryset = choices

    @property
    def qs(self):
        if self.is_bound and not self.form.is_valid():
            return self.queryset.none()
        return super().qs

    def filter_search(self, queryset, name, value):
        return queryset.filter(search_q(value, path=f"{DOSSIER}__"))

    def filter_deadline(self, queryset, name, value):
        today = timezone.localdate()
        if value == OVERDUE:
            return queryset.filter(**{f"{DEADLINE}__lt": today})
        if value == ESCALATED:
            return queryset.filter(deadline__escalated_at__isnull=False)
        return queryset.filter(
            **{f"{DEADLINE}__gte": today, f"{DEADLINE}__lte": today + datetime.timedelta(days=DUE_WITHIN[value])}
        )
