"""The dossier list and the dossier page for everyone who may read dossiers (``/dossiers/``), and the
parts the submitters' page of their own dossiers shares with it: the evidence, the documents and
their scoped download (``dossiers.files``), the outcomes, the history (``dossiers.history``), and the
actions the user may take now.

Every dossier is read through ``dossiers.selectors`` (the user's units only; anything else answers
404). The page changes nothing itself: its buttons lead to the flow's task screens (claim, open,
release) and to the submitters' own screens and buttons.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from viewflow.urls import Application
from viewflow.workflow.models import Task

from dossiers.files import document_response
from dossiers.history import history
from dossiers.models import AMOUNT_FIELDS, Campaign, DocumentKind, Dossier, Result, Status
from dossiers.search import MAX_LENGTH
from dossiers.selectors import (
    criteria_evaluate,
    document_checklist,
    dossier_document,
    dossier_documents,
    dossier_evaluations,
    dossier_get,
)
from dossiers.services import EVIDENCE_FIELDS, transition_label
from roles.models import Role, Unit
from roles.selectors import acting_unit, may_read
from workflow_project.errors import NotFound
from workflow_project.numbers import dong
from workflow_project.spreadsheets import SpreadsheetListMixin

from ..deadlines import COMMUNE_HOLDS, dossier_due
from ..flows import AwardDossierFlow
from ..forms.queues import SEARCH_LABEL
from ..models import DossierProcess
from ..nodes import RoleTask
from ..selectors.dossiers import dossier_outcomes, dossier_search, return_reason
from ..spreadsheets import DossierSpreadsheetMixin
from ..transitions import open_task

EDITABLE = COMMUNE_HOLDS
HISTORY_ON_TASKS = 5


def evidence_rows(dossier: Dossier) -> list[tuple[str, str]]:
    """The evidence given for the award standards, in words; what was left empty is left out."""
    rows = []
    for name in EVIDENCE_FIELDS:
        value = getattr(dossier, name)
        if value is None or value is False:
            continue
        if value is True:
            shown = _("Yes")
        elif name in AMOUNT_FIELDS:
            shown = dong(value)
        else:
            shown = str(value)
        rows.append((str(Dossier._meta.get_field(name).verbose_name), shown))
    return rows


def recorded_evaluations(dossier: Dossier) -> list[dict]:
    """The evaluations recorded at the dossier's appraisals, as the reviewer saw them, in words."""
    return [
        {
            "record": record,
            "action": transition_label(getattr(Dossier, record.action)),
            "criteria": [item | {"label": Result(item["result"]).label} for item in record.criteria],
        }
        for record in dossier_evaluations(dossier)
    ]


def submitter_actions(dossier: Dossier, user) -> list[dict]:
    """Editing, adding documents, submitting (resubmitting a returned dossier) and, apart,
    withdrawing: for a submitter of the dossier's unit."""
    if dossier.status not in EDITABLE or acting_unit(user, Role.COMMUNE_SUBMITTER, dossier.unit) is None:
        return []
    submit = {"label": _("Submit the dossier"), "url": reverse("my_dossiers:submit", args=[dossier.pk]), "post": True}
    if dossier.status == Status.RETURNED:
        submit.update(label=_("Resubmit the dossier"), comment_label=_("What was supplemented (optional)"))
    return [
        {"label": _("Edit"), "url": reverse("my_dossiers:update", args=[dossier.pk])},
        {"label": _("Add a document"), "url": reverse("my_dossiers:upload", args=[dossier.pk])},
        submit,
        {"label": _("Withdraw"), "url": reverse("my_dossiers:withdraw", args=[dossier.pk]), "apart": True},
    ]


def task_actions(task: Task, user, back: str) -> list[dict]:
    """What ``user`` may do now with the dossier's open task: claim it if it waits in a queue of a
    role they hold over the dossier's unit; open or release it if they claimed it. Each returns to
    ``back`` when done. The supplement of a returned dossier is never claimed nor opened here: its
    submitters resubmit or withdraw it with their own buttons (``submitter_actions``)."""
    node = task.flow_task
    if not isinstance(node, RoleTask) or node == AwardDossierFlow.supplement:
        return []
    args = [task.process_id, task.pk]
    query = "?" + urlencode({"back": back})
    if node.can_assign(user, task):
        return [{"label": _("Claim"), "url": node.reverse("assign", args=args) + query, "post": True}]
    actions = []
    if node.can_execute(user, task):
        actions.append({"label": _("Open the task"), "url": node.reverse("execute", args=args) + query})
    if node.can_unassign(user, task):
        actions.append({"label": _("Release"), "url": node.reverse("unassign", args=args) + query, "post": True})
    return actions


def process_of(dossier: Dossier) -> int | None:
    return DossierProcess.objects.filter(dossier=dossier).values_list("pk", flat=True).first()


class DossierMixin:
    """The dossier named in the URL, if the user may read it; else 404."""

    def find_dossier(self, user, dossier_id: int) -> Dossier:
        return dossier_get(user=user, dossier_id=dossier_id)

    def get_dossier(self) -> Dossier:
        if not hasattr(self, "_dossier"):
            try:
                self._dossier = self.find_dossier(self.request.user, self.kwargs["pk"])
            except NotFound:
                raise Http404 from None
        return self._dossier

    def dossier_url(self, dossier: Dossier) -> str:
        return self.request.resolver_match.app.reverse("detail", args=[dossier.pk])

    def get_context_data(self, **kwargs):
        kwargs.setdefault("app", self.request.resolver_match.app)
        return super().get_context_data(**kwargs)


class DossierPageView(DossierMixin, generic.TemplateView):
    """The dossier's page: what it is, its evidence, documents, outcomes, history and process, and
    the buttons for what the user may do with it now."""

    template_name = "approvals/dossier_page/detail.html"

    def get_context_data(self, **kwargs):
        dossier = self.get_dossier()
        user = self.request.user
        app = self.request.resolver_match.app
        task = open_task(dossier_id=dossier.pk)
        actions = submitter_actions(dossier, user)
        if task is not None:
            actions += task_actions(task, user, back=self.request.get_full_path())
        kinds = dict(DocumentKind.choices)
        kwargs.update(
            dossier=dossier,
            due=dossier_due(dossier),
            evidence=evidence_rows(dossier),
            evaluation=criteria_evaluate(dossier=dossier),
            recorded=recorded_evaluations(dossier),
            checklist=document_checklist(dossier),
            documents=[
                {"document": document, "url": app.reverse("document", args=[dossier.pk, document.pk])}
                for document in dossier_documents(dossier)
            ],
            missing=[kinds[kind] for kind in dossier.missing_documents()] if dossier.status in EDITABLE else [],
            # The files' checksums are for auditors, who verify them; the others read the files.
            show_checksums=acting_unit(user, Role.AUDITOR, dossier.unit) is not None,
            return_reason=return_reason(dossier) if dossier.status == Status.RETURNED else "",
            outcomes=dossier_outcomes(dossier),
            events=history(dossier),
            task=task,
            # A returned dossier waits for its commune's buttons, not in a queue to be claimed.
            supplement=task is not None and task.flow_task == AwardDossierFlow.supplement,
            process_id=task.process_id if task else process_of(dossier),
            actions=actions,
            index_url=app.reverse("index"),
        )
        return super().get_context_data(**kwargs)


class DocumentFileView(DossierMixin, generic.View):
    """A document's file, to those who may read its dossier (never a public media URL)."""

    def get(self, request, pk: int, document_pk: int):
        try:
            document = dossier_document(self.get_dossier(), document_pk)
        except NotFound:
            raise Http404 from None
        return document_response(document)


class DossierFilterForm(forms.Form):
    search = forms.CharField(label=SEARCH_LABEL, required=False, max_length=MAX_LENGTH)
    status = forms.ChoiceField(label=gettext_lazy("status"), required=False)
    campaign = forms.ModelChoiceField(label=gettext_lazy("campaign"), queryset=Campaign.objects.none(), required=False)
    unit = forms.ModelChoiceField(label=gettext_lazy("proposing unit"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, readable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", gettext_lazy("Any status")), *Status.choices]
        # Only what the user's own dossiers hold is offered.
        self.fields["campaign"].queryset = Campaign.objects.filter(pk__in=readable.values("campaign")).order_by(
            "-year", "name"
        )
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=readable.values("unit")).order_by("path")


class DossierListView(DossierSpreadsheetMixin, SpreadsheetListMixin, DossierMixin, generic.ListView):
    """Every dossier the user may read, filtered; as a spreadsheet too (``?format=xlsx``)."""

    spreadsheet_name = "ho-so"
    spreadsheet_title = gettext_lazy("Dossiers")
    template_name = "approvals/dossier_page/list.html"
    context_object_name = "dossiers"
    paginate_by = 25

    def get_queryset(self):
        user = self.request.user
        readable = dossier_search(user=user)
        self.form = DossierFilterForm(self.request.GET or None, readable=readable)
        if not self.form.is_bound:
            return readable
        # A filter that cannot be read matches nothing, rather than silently everything.
        if not self.form.is_valid():
            return readable.none()
        return dossier_search(user=user, **self.form.cleaned_data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=self.form,
            query=query.urlencode(),
            rows=[{"dossier": dossier, "due": dossier_due(dossier, today)} for dossier in context["dossiers"]],
        )
        return context


class DossierApplication(Application):
    """Every dossier the user may read, and each one's page: for reviewers, auditors and submitters."""

    app_name = "dossiers"
    title = gettext_lazy("Dossiers")
    icon = "folder_open"
    menu_template_name = "approvals/dossier_page/menu.html"
    permission = staticmethod(may_read)

    index_path = path("", DossierListView.as_view(), name="index")
    detail_path = path("<int:pk>/", DossierPageView.as_view(), name="detail")
    document_path = path("<int:pk>/documents/<int:document_pk>/", DocumentFileView.as_view(), name="document")
