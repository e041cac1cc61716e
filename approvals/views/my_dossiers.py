"""The commune and ward submitters' screens: their unit's dossiers, a new dossier, the dossier's
page (the readers' page of ``approvals.views.dossier_page``, for their own units), uploads, and
withdrawing a draft.

Every dossier is read through ``approvals.selectors.dossiers`` (the user's own units only; anything
else answers 404) and changed through one service of ``dossiers.services``. Submitting starts the
flow, so the Submit button leads to the flow's start screen with the dossier chosen; a returned
dossier is resubmitted or withdrawn through the flow's supplement task.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from viewflow.urls import Application

from dossiers.models import Dossier, Status
from dossiers.selectors import may_submit
from dossiers.services import document_add, dossier_create, dossier_update, dossier_withdraw
from workflow_project.errors import ServiceError
from workflow_project.forms import add_service_error

from ..deadlines import dossier_due
from ..forms.my_dossiers import DocumentForm, DossierCreateForm, DossierForm, WithdrawForm
from ..selectors.dossiers import submitter_dossier, submitter_dossiers
from .dossier_page import DocumentFileView, DossierMixin, DossierPageView


class SubmitterMixin(DossierMixin):
    """The dossier named in the URL, if it belongs to one of the user's own units; else 404."""

    def find_dossier(self, user, dossier_id: int) -> Dossier:
        return submitter_dossier(user=user, dossier_id=dossier_id)


class MyDossierListView(SubmitterMixin, generic.ListView):
    template_name = "approvals/my_dossiers/dossier_list.html"
    context_object_name = "dossiers"
    paginate_by = 50

    def get_queryset(self):
        return submitter_dossiers(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["rows"] = [{"dossier": dossier, "due": dossier_due(dossier, today)} for dossier in context["dossiers"]]
        return context


class DossierCreateView(SubmitterMixin, generic.FormView):
    template_name = "approvals/my_dossiers/dossier_form.html"
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


class DossierUpdateView(SubmitterMixin, generic.FormView):
    template_name = "approvals/my_dossiers/dossier_form.html"
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
    template_name = "approvals/my_dossiers/document_form.html"
    form_class = DocumentForm

    def form_valid(self, form):
        dossier = self.get_dossier()
        try:
            document_add(
                dossier_id=dossier.pk,
                actor=self.request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The document has been added."))
        return HttpResponseRedirect(self.dossier_url(dossier))


class SubmitterDocumentFileView(SubmitterMixin, DocumentFileView):
    pass


class WithdrawDraftView(DossierFormView):
    """Withdraw a draft: it has no process yet, so the service is called directly."""

    template_name = "approvals/my_dossiers/withdraw_form.html"
    form_class = WithdrawForm

    def form_valid(self, form):
        dossier = self.get_dossier()
        if dossier.status != Status.DRAFT:
            form.add_error(
                None,
                _("Only a draft can be withdrawn here; a returned dossier is withdrawn through its supplement task."),
            )
            return self.form_invalid(form)
        try:
            dossier_withdraw(dossier_id=dossier.pk, actor=self.request.user, comment=form.cleaned_data["comment"])
        except ServiceError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The dossier has been withdrawn."))
        return HttpResponseRedirect(self.dossier_url(dossier))


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
    withdraw_path = path("<int:pk>/withdraw/", WithdrawDraftView.as_view(), name="withdraw")
