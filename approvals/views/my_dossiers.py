"""The commune and ward submitters' screens: their daily page (their unit's dossiers, counted by
state, with the open campaigns' deadlines and what needs them first), a new dossier, the dossier's
page (the readers' page of ``approvals.views.dossier_page``, for their own units), uploads, and
submitting, resubmitting or withdrawing a dossier.

Every dossier is read through ``approvals.selectors.dossiers`` (the user's own units only; anything
else answers 404) and changed through one service of ``dossiers.services``, or, to submit,
resubmit or withdraw it, through ``approvals.transitions.transition_run``: it starts the flow for
a draft, and completes a returned dossier's supplement task itself (the submitter never claims
it, nor sees the flow's screens).
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from viewflow.urls import Application

from dossiers.models import Dossier, Status
from dossiers.selectors import may_submit, open_campaigns
from dossiers.services import document_add, dossier_create, dossier_update
from roles.models import Role
from roles.selectors import holds_only
from workflow_project.errors import ServiceError
from workflow_project.forms import add_service_error
from workflow_project.spreadsheets import SpreadsheetListMixin

from ..deadlines import dossier_due, due_display
from ..forms.my_dossiers import DocumentForm, DossierCreateForm, DossierForm, WithdrawForm
from ..selectors.dossiers import submitter_counts, submitter_dossier, submitter_worklist
from ..spreadsheets import DossierSpreadsheetMixin
from ..transitions import transition_run
from .dossier_page import EDITABLE, DocumentFileView, DossierMixin, DossierPageView
from .tasks import SUCCESS_MESSAGES


class SubmitterMixin(DossierMixin):
    """The dossier named in the URL, if it belongs to one of the user's own units; else 404."""

    def find_dossier(self, user, dossier_id: int) -> Dossier:
        return submitter_dossier(user=user, dossier_id=dossier_id)


class MyDossierListView(DossierSpreadsheetMixin, SpreadsheetListMixin, SubmitterMixin, generic.ListView):
    """The submitter's daily page: their units' dossiers counted by state (each count filters the
    list), the deadlines of the campaigns still open to dossiers, and the list, what needs them
    first: returned dossiers with why and by when, then drafts, then the rest."""

    template_name = "approvals/my_dossiers/dossier_list.html"
    context_object_name = "dossiers"
    paginate_by = 50
    spreadsheet_name = "ho-so-cua-don-vi"
    spreadsheet_title = gettext_lazy("My unit's dossiers")

    def get_queryset(self):
        status = self.request.GET.get("status", "")
        self.status = status if status in Status.values else ""
        return submitter_worklist(user=self.request.user, status=self.status)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        counts = submitter_counts(user=self.request.user)
        index = self.request.path
        context.update(
            rows=[
                {
                    "dossier": dossier,
                    "due": dossier_due(dossier, today),
                    # Why it waits for the clerk; a dossier since resubmitted no longer does.
                    "return_reason": (dossier.return_reason_text or "") if dossier.status == Status.RETURNED else "",
                }
                for dossier in context["dossiers"]
            ],
            status=self.status,
            query=f"status={self.status}" if self.status else "",
            status_label=Status(self.status).label if self.status else "",
            total=sum(counts.values()),
            counts=[
                {"status": status, "label": label, "count": counts[status], "url": f"{index}?status={status}"}
                for status, label in Status.choices
                if counts.get(status)
            ],
            campaigns=[
                {"campaign": campaign, "due": due_display(campaign.dossier_deadline, today=today)}
                for campaign in open_campaigns(self.request.user).order_by("dossier_deadline", "name")
            ],
        )
        return context


class DossierFormMixin:
    """The dossier form's page: its fieldsets, and for its script the evidence that each award
    form's standard reads by nominee kind (and the registrations' award form and kind)."""

    template_name = "approvals/my_dossiers/dossier_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["evidence_fields"] = form.evidence_fields()
        context["registration_nominees"] = form.registration_nominees()
        return context


class DossierCreateView(DossierFormMixin, SubmitterMixin, generic.FormView):
    form_class = DossierCreateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        data = form.cleaned_data
        dossier_data = form.dossier_data()
        try:
            dossier = dossier_create(
                actor=self.request.user,
                campaign_id=data["campaign"].pk,
                unit_id=data["unit"].pk,
                award_form_id=data["award_form"].pk,
                nominee=form.nominee_data(),
                procedure=dossier_data.pop("procedure"),
                summary=dossier_data.pop("summary") or "",
                evidence=dossier_data,
                registration_id=data["registration"].pk if data["registration"] else None,
            )
        except ServiceError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Dossier %(reference)s has been created.") % {"reference": dossier.reference})
        return HttpResponseRedirect(self.dossier_url(dossier))


class DossierUpdateView(DossierFormMixin, SubmitterMixin, generic.FormView):
    form_class = DossierForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.get_dossier()}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("dossier", self.get_dossier())
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        dossier = self.get_dossier()
        fields = {"award_form": form.cleaned_data["award_form"].pk, **form.dossier_data()}
        fields["summary"] = fields["summary"] or ""
        try:
            dossier_update(dossier_id=dossier.pk, actor=self.request.user, fields=fields, nominee=form.nominee_data())
        except ServiceError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The dossier has been saved."))
        return HttpResponseRedirect(self.dossier_url(dossier))


class DossierDetailView(SubmitterMixin, DossierPageView):
    pass


class DossierFormView(SubmitterMixin, generic.FormView):
    """A form about one dossier of the submitter's unit (404 for any other)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.get_dossier()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("dossier", self.get_dossier())
        return super().get_context_data(**kwargs)


class DocumentUploadView(DossierFormView):
    """Several documents attached in one go, all or none: a file refused is named on the form."""

    template_name = "approvals/my_dossiers/document_form.html"
    form_class = DocumentForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "dossier": self.get_dossier()}

    def form_valid(self, form):
        dossier = self.get_dossier()
        added = []
        try:
            with transaction.atomic():
                for kind, upload in form.uploads():
                    try:
                        added.append(
                            document_add(dossier_id=dossier.pk, actor=self.request.user, kind=kind, upload=upload)
                        )
                    except ServiceError as exc:
                        if exc.fields:  # about this file
                            form.add_error(kind, _("%(name)s: %(error)s") % {"name": upload.name, "error": exc})
                        else:
                            add_service_error(form, exc)
                        raise
        except ServiceError:
            for document in added:  # their rows are rolled back: their files go too
                document.file.delete(save=False)
            return self.form_invalid(form)
        if len(added) == 1:
            messages.success(self.request, _("The document has been added."))
        else:
            messages.success(self.request, _("%(count)d documents have been added.") % {"count": len(added)})
        return HttpResponseRedirect(self.dossier_url(dossier))


class SubmitterDocumentFileView(SubmitterMixin, DocumentFileView):
    pass


class DossierSubmitView(SubmitterMixin, generic.View):
    """The dossier page's one button: submit a draft, or resubmit a returned dossier (its
    supplement task completes with it), with what was supplemented if the clerk says so. A
    refusal comes back on the page as an error, nothing changed. Only a POST does anything."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        dossier = self.get_dossier()
        name = "resubmit" if dossier.status == Status.RETURNED else "submit"
        try:
            transition_run(
                name=name,
                dossier_id=dossier.pk,
                actor=request.user,
                values={"comment": request.POST.get("comment", "").strip()},
            )
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, SUCCESS_MESSAGES[name] % {"reference": dossier.reference})
        return HttpResponseRedirect(self.dossier_url(dossier))


class WithdrawView(DossierFormView):
    """Withdraw a draft or a returned dossier, for a reason, once the submitter has read that it
    cannot be undone."""

    template_name = "approvals/my_dossiers/withdraw_form.html"
    form_class = WithdrawForm

    def get_context_data(self, **kwargs):
        kwargs.setdefault("withdrawable", self.get_dossier().status in EDITABLE)
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        dossier = self.get_dossier()
        try:
            transition_run(
                name="withdraw",
                dossier_id=dossier.pk,
                actor=self.request.user,
                values={"comment": form.cleaned_data["comment"]},
            )
        except ServiceError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, SUCCESS_MESSAGES["withdraw"] % {"reference": dossier.reference})
        return HttpResponseRedirect(self.dossier_url(dossier))


class DailyPageView(generic.RedirectView):
    """The site's index: where each user starts the day after signing in. A commune clerk who
    holds no other role starts on their unit's dossiers; everyone else on the site's first
    application, as viewflow's own index sends them (``viewset``: the site)."""

    viewset = None

    def get_redirect_url(self, *args, **kwargs):
        if holds_only(self.request.user, Role.COMMUNE_SUBMITTER):
            return reverse("my_dossiers:index")
        return self.viewset.viewsets[0].reverse("index")


class SubmitterApplication(Application):
    """“My unit's dossiers”, for the submitters of communes and wards."""

    app_name = "my_dossiers"
    title = gettext_lazy("My unit's dossiers")
    icon = "folder_shared"
    permission = staticmethod(may_submit)
    menu_template_name = None  # one list: the site's menu leads to it

    index_path = path("", MyDossierListView.as_view(), name="index")
    create_path = path("new/", DossierCreateView.as_view(), name="create")
    detail_path = path("<int:pk>/", DossierDetailView.as_view(), name="detail")
    update_path = path("<int:pk>/edit/", DossierUpdateView.as_view(), name="update")
    upload_path = path("<int:pk>/documents/new/", DocumentUploadView.as_view(), name="upload")
    document_path = path("<int:pk>/documents/<int:document_pk>/", SubmitterDocumentFileView.as_view(), name="document")
    submit_path = path("<int:pk>/submit/", DossierSubmitView.as_view(), name="submit")
    withdraw_path = path("<int:pk>/withdraw/", WithdrawView.as_view(), name="withdraw")
