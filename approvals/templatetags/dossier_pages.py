"""The dossier's summary beside the flow's task screens, so that whoever acts sees what they act on,
and its state in words, and a task's due date as every screen shows it (``approvals.deadlines.dossier_due``)."""

from django import template
from django.urls import reverse

from dossiers.history import history
from dossiers.selectors import criteria_evaluate
from workflow_project.errors import NotFound

from ..deadlines import dossier_due, task_due
from ..selectors.dossiers import dossier_state, process_dossier
from ..views.dossier_page import HISTORY_ON_TASKS, evidence_rows

register = template.Library()


@register.simple_tag(name="dossier_state")
def dossier_state_tag(dossier) -> str:
    """The dossier's state in words (``selectors.dossiers.dossier_state``)."""
    return dossier_state(dossier)


@register.inclusion_tag("approvals/includes/dossier_summary.html", takes_context=True)
def dossier_summary(context, process):
    try:
        dossier = process_dossier(user=context["request"].user, process_id=process.pk)
    except NotFound:
        return {"dossier": None}
    return {
        "dossier": dossier,
        "page_url": reverse("dossiers:detail", args=[dossier.pk]),
        "due": dossier_due(dossier),
        "evidence": evidence_rows(dossier),
        "evaluation": criteria_evaluate(dossier=dossier),
        "documents": [
            {"document": document, "url": reverse("dossiers:document", args=[dossier.pk, document.pk])}
            for document in dossier.current_documents()
        ],
        "events": history(dossier, last=HISTORY_ON_TASKS),
    }


@register.inclusion_tag("approvals/includes/due.html")
def due_of_task(task):
    """The due date of a task loaded through ``selectors.tasks.task_rows``."""
    return {"due": task_due(task)}
