"""The commune and ward submitters' screens: their unit's dossiers, a new dossier, the dossier's
page with its documents, trail and actions, uploads, and withdrawing a draft.

Every dossier is read through ``approvals.dossier_selectors`` (the user's own units only; anything
else answers 404) and changed through one service of ``dossiers.services``. Submitting starts the
flow, so the Submit button leads to the flow's start screen with the dossier chosen; a returned
dossier is resubmitted or withdrawn through the flow's supplement task.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from viewflow.urls import Application

from dossiers import services as dossiers
from dossiers.models import DocumentKind, Dossier, Status
from workflow_project.errors import NotFound, ServiceError

from . import dossier_selectors as selectors
from .forms import DocumentForm, DossierCreateForm, DossierForm, WithdrawForm
from .views import add_service_error

EDITABLE = {Status.DRAFT, Status.RETURNED}
AMOUNT_FIELDS = {"support_amount", "income_per_capita_2019", "income_per_capita_now"}


def dong(amount: int) -> str:
    """An amount in đồng as Vietnamese write it: "50.000.000 đồng"."""
    return _("%(amount)s đồng") % {"amount": f"{amount:,}".replace(",", ".")}


def evidence_rows(dossier: Dossier) -> list[tuple[str, str]]:
    """The evidence given for the award standards, in words; what was left empty is left out."""
    rows = []
    for name in dossiers.EVIDENCE_FIELDS:
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


def event_label(action: str) -> str:
    """A dossier event's action in words: its transition's label, or one of the known events."""
    labels = {
        "dossier.created": _("Dossier created"),
        "dossier.updated": _("Dossier edited"),
        "document.added": _("Document added"),
        "document.replaced": _("Document replaced"),
        "council.vote_recorded": _("Council vote recorded"),
    }
    if action in labels:
        return labels[action]
    name = action.removeprefix("dossier.")
    method = getattr(Dossier, name, None)
    if method is not None and hasattr(method, "_django_fsm"):
        return dossiers.transition_label(method)
    return action


class SubmitterMixin:
    """The dossier named in the URL, if it belongs to one of the user's own units; else 404."""

    def get_dossier(self) -> Dossier:
        if not hasattr(self, "_dossier"):
            try:
                self._dossier = selectors.submitter_dossier(user=self.request.user, dossier_id=self.kwargs["pk"])
            except NotFound:
                raise Http404 from None
        return self._dossier

    def dossier_url(self, dossier: Dossier) -> str:
        return self.request.resolver_match.app.reverse("detail", args=[dossier.pk])

    def get_context_data(self, **kwargs):
        kwargs.setdefault("app", self.request.resolver_match.app)
        return super().get_context_data(**kwargs)


class DossierListView(SubmitterMixin, generic.ListView):
    template_name = "approvals/submitter_dossier_list.html"
    context_object_name = "dossiers"
    paginate_by = 50

    def get_queryset(self):
        return selectors.submitter_dossiers(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["rows"] = [
            {"dossier": dossier, "days_left": (dossier.campaign.dossier_deadline - today).days}
            for dossier in context["dossiers"]
        ]
        return context


class DossierCreateView(SubmitterMixin, generic.FormView):
    template_name = "approvals/submitter_dossier_form.html"
    form_class = DossierCreateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        data = form.cleaned_data
        dossier_data = form.dossier_data()
        try:
            dossier = dossiers.dossier_create(
                actor=self.request.user,
                campaign_id=data["campaign"].pk,
                unit_id=data["unit"].pk,
                award_form_id=data["award_form"].pk,
                nominee=form.nominee_data(),
                procedure=dossier_data.pop("procedure"),
                summary=dossier_data.pop("summary") or "",
                evidence=dossier_data,
            )
        except ServiceError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Dossier %(reference)s has been created.") % {"reference": dossier.reference})
        return HttpResponseRedirect(self.dossier_url(dossier))


class DossierUpdateView(SubmitterMixin, generic.FormView):
    template_name = "approvals/submitter_dossier_form.html"
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
            dossiers.dossier_update(dossier_id=dossier.pk, actor=self.request.user, fields=fields, nominee=form.nominee_data())
        except ServiceError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The dossier has been saved."))
        return HttpResponseRedirect(self.dossier_url(dossier))


class DossierDetailView(SubmitterMixin, generic.TemplateView):
    template_name = "approvals/submitter_dossier_detail.html"

    def get_context_data(self, **kwargs):
        from .flows import AwardDossierFlow

        dossier = self.get_dossier()
        app = self.request.resolver_match.app
        today = timezone.localdate()
        kinds = dict(DocumentKind.choices)
        events = list(selectors.dossier_events(dossier))
        actions = []
        if dossier.status in EDITABLE:
            actions.append({"label": _("Edit"), "url": app.reverse("update", args=[dossier.pk])})
            actions.append({"label": _("Add a document"), "url": app.reverse("upload", args=[dossier.pk])})
        if dossier.status == Status.DRAFT:
            start = AwardDossierFlow.submit.reverse("execute")
            actions.append({"label": _("Submit"), "url": f"{start}?{urlencode({'dossier': dossier.pk})}"})
            actions.append({"label": _("Withdraw"), "url": app.reverse("withdraw", args=[dossier.pk])})
        supplement = selectors.open_supplement_task(dossier) if dossier.status == Status.RETURNED else None
        if supplement is not None:
            actions.append(
                {
                    "label": _("Resubmit or withdraw"),
                    "url": supplement.flow_task.reverse("index", args=[supplement.process_id, supplement.pk]),
                }
            )
        kwargs.update(
            dossier=dossier,
            days_left=(dossier.campaign.dossier_deadline - today).days,
            evidence=evidence_rows(dossier),
            documents=dossier.current_documents(),
            missing=[kinds[kind] for kind in dossier.missing_documents()],
            return_reason=selectors.return_reason(dossier) if dossier.status == Status.RETURNED else "",
            events=[{"event": event, "label": event_label(event.action)} for event in events],
            actions=actions,
        )
        return super().get_context_data(**kwargs)


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
    template_name = "approvals/submitter_document_form.html"
    form_class = DocumentForm

    def form_valid(self, form):
        dossier = self.get_dossier()
        try:
            dossiers.document_add(
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


class DocumentFileView(SubmitterMixin, generic.View):
    """A document's file, only to a submitter of the dossier's unit (never a public media URL)."""

    def get(self, request, pk: int, document_pk: int):
        try:
            document = selectors.submitter_document(user=request.user, dossier_id=pk, document_id=document_pk)
        except NotFound:
            raise Http404 from None
        return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name)


class WithdrawDraftView(DossierFormView):
    """Withdraw a draft: it has no process yet, so the service is called directly."""

    template_name = "approvals/submitter_withdraw_form.html"
    form_class = WithdrawForm

    def form_valid(self, form):
        dossier = self.get_dossier()
        if dossier.status != Status.DRAFT:
            form.add_error(None, _("Only a draft can be withdrawn here; a returned dossier is withdrawn through its supplement task."))
            return self.form_invalid(form)
        try:
            dossiers.dossier_withdraw(dossier_id=dossier.pk, actor=self.request.user, comment=form.cleaned_data["comment"])
        except ServiceError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The dossier has been withdrawn."))
        return HttpResponseRedirect(self.dossier_url(dossier))


def may_submit(user) -> bool:
    return user.is_authenticated and selectors.submitter_units(user).exists()


class SubmitterApplication(Application):
    """“My unit's dossiers”, for the submitters of communes and wards."""

    app_name = "my_dossiers"
    title = gettext_lazy("My unit's dossiers")
    icon = "folder_shared"
    permission = staticmethod(may_submit)
    # The application is one list with its dossiers' pages: the site's menu names it; no own menu.
    menu_template_name = None

    index_path = path("", DossierListView.as_view(), name="index")
    create_path = path("new/", DossierCreateView.as_view(), name="create")
    detail_path = path("<int:pk>/", DossierDetailView.as_view(), name="detail")
    update_path = path("<int:pk>/edit/", DossierUpdateView.as_view(), name="update")
    upload_path = path("<int:pk>/documents/new/", DocumentUploadView.as_view(), name="upload")
    document_path = path("<int:pk>/documents/<int:document_pk>/", DocumentFileView.as_view(), name="document")
    withdraw_path = path("<int:pk>/withdraw/", WithdrawDraftView.as_view(), name="withdraw")
