"""The registration screens: a commune's or ward's registrations (list, new, page), the labour
office's compilation of its town's registrations into a list for the home-affairs office, and the
lists it sent, printable.

Each screen answers 403 to a user without its role and 404 for a registration or list outside the
user's units; every row comes from ``registrations.selectors`` and every change goes through one
service of ``registrations.services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from viewflow.urls import Application

from registrations import selectors
from roles.mixins import RoleRequiredMixin
from roles.selectors import holds_any, may_read
from workflow_project.errors import NotFound, ServiceError
from workflow_project.forms import add_service_error
from workflow_project.spreadsheets import DATE, Column, SpreadsheetListMixin, wants_xlsx, xlsx_response

from .forms import CompileForm, RegistrationForm
from .models import Registration
from .services import registration_create, registration_list_create


def registration_columns() -> list[Column]:
    """The registrations' spreadsheet: what their table shows, and the pledge."""
    field = lambda name: str(Registration._meta.get_field(name).verbose_name).capitalize()  # noqa: E731
    return [
        Column(_("Registration code")),
        Column(field("nominee")),
        Column(_("Nominee kind")),
        Column(field("unit")),
        Column(field("award_form")),
        Column(field("campaign")),
        Column(field("pledge")),
        Column(field("recorded_at"), DATE),
        Column(_("compiled in").capitalize()),
    ]


def registration_rows(registrations):
    for registration in registrations:
        compiled_in = registration.registration_list
        yield [
            registration.reference,
            registration.nominee.name,
            registration.nominee.get_kind_display(),
            registration.unit.name,
            registration.award_form.name,
            registration.campaign.name,
            registration.pledge,
            registration.recorded_at,
            compiled_in.number if compiled_in else "",
        ]


class RegistrationListView(SpreadsheetListMixin, RoleRequiredMixin, generic.ListView):
    """The registrations of the user's units: a commune's own, or every one of the town's; as a
    spreadsheet too (``?format=xlsx``)."""

    roles = selectors.READERS
    spreadsheet_name = "dang-ky-thi-dua"
    spreadsheet_title = gettext_lazy("Emulation registrations")
    template_name = "registrations/registration_list.html"
    context_object_name = "registrations"
    paginate_by = 50

    def get_queryset(self):
        return selectors.registrations(user=self.request.user)

    def spreadsheet_columns(self):
        return registration_columns()

    def spreadsheet_rows(self, objects):
        return registration_rows(objects)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The menu's ``may_register`` (RegistrationApplication.get_context_data) shows the button.
        context["rows"] = [{"registration": registration} for registration in context["registrations"]]
        return context


class RegistrationCreateView(RoleRequiredMixin, generic.FormView):
    roles = selectors.REGISTRARS
    template_name = "registrations/registration_form.html"
    form_class = RegistrationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            registration = registration_create(
                actor=self.request.user,
                campaign_id=data["campaign"].pk,
                unit_id=data["unit"].pk,
                award_form_id=data["award_form"].pk,
                nominee=form.nominee_data(),
                pledge=data["pledge"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=exc.http_status)
        messages.success(
            self.request, _("Registration %(reference)s has been recorded.") % {"reference": registration.reference}
        )
        return HttpResponseRedirect(self.request.resolver_match.app.reverse("detail", args=[registration.pk]))


class RegistrationDetailView(RoleRequiredMixin, generic.TemplateView):
    """A registration, the list that carries it, and the dossier that follows it."""

    roles = selectors.READERS
    template_name = "registrations/registration_detail.html"

    def get_context_data(self, **kwargs):
        try:
            registration = selectors.registration_get(user=self.request.user, registration_id=self.kwargs["pk"])
        except NotFound:
            raise Http404 from None
        kwargs.update(registration=registration, dossiers=selectors.registration_dossiers(registration))
        return super().get_context_data(**kwargs)


class CompileView(RoleRequiredMixin, generic.FormView):
    """The labour office ticks registrations of its town not yet compiled, numbers and dates the
    list, and sends it to the home-affairs office."""

    roles = selectors.COMPILERS
    template_name = "registrations/compile_form.html"
    form_class = CompileForm

    def get_initial(self):
        return {"compiled_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        form = kwargs.get("form") or self.get_form()
        ticked = {str(value) for value in (form["registrations"].value() or [])}
        kwargs.update(
            form=form,
            rows=[
                {"registration": registration, "ticked": str(registration.pk) in ticked}
                for registration in selectors.uncompiled(user=self.request.user)
            ],
            fields=[form[name] for name in form.fields if name != "registrations"],
        )
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            registration_list = registration_list_create(
                actor=self.request.user,
                number=data["number"],
                compiled_on=data["compiled_on"],
                registration_ids=data["registrations"],
                comment=data["comment"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=exc.http_status)
        messages.success(
            self.request,
            _("List %(number)s of %(count)s registrations has been sent to the home-affairs office.")
            % {"number": registration_list.number, "count": len(data["registrations"])},
        )
        return HttpResponseRedirect(self.request.resolver_match.app.reverse("list_detail", args=[registration_list.pk]))


class RegistrationListsView(RoleRequiredMixin, generic.ListView):
    """The lists the labour office sent to the home-affairs office."""

    roles = selectors.LIST_READERS
    template_name = "registrations/list_index.html"
    context_object_name = "lists"
    paginate_by = 50

    def get_queryset(self):
        return selectors.registration_lists(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = context["lists"]
        return context


class RegistrationListDetailView(RoleRequiredMixin, generic.TemplateView):
    """A list as sent, printable."""

    roles = selectors.LIST_READERS
    template_name = "registrations/list_detail.html"

    def get(self, request, *args, **kwargs):
        try:
            self.record = selectors.registration_list_get(user=request.user, list_id=kwargs["pk"])
        except NotFound:
            raise Http404 from None
        if wants_xlsx(request):
            return xlsx_response(
                name=f"danh-sach-dang-ky-{self.record.pk}",
                title=self.record.number,
                columns=registration_columns(),
                rows=registration_rows(self.registrations().iterator(chunk_size=1000)),
            )
        return super().get(request, *args, **kwargs)

    def registrations(self):
        return self.record.registrations.select_related(
            "campaign", "unit", "nominee", "award_form", "registration_list"
        ).order_by("unit__path", "pk")

    def get_context_data(self, **kwargs):
        kwargs.update(record=self.record, registrations=self.registrations())
        return super().get_context_data(**kwargs)


class RegistrationApplication(Application):
    """Emulation registrations (đăng ký thi đua): the communes' pledges and the labour office's lists."""

    app_name = "registrations"
    title = gettext_lazy("Emulation registrations")
    icon = "how_to_reg"
    permission = staticmethod(may_read)
    menu_template_name = "registrations/menu.html"

    def get_context_data(self, request):
        user = request.user
        return {
            "may_register": holds_any(user, selectors.REGISTRARS),
            "may_compile": holds_any(user, selectors.COMPILERS),
            "may_read_lists": holds_any(user, selectors.LIST_READERS),
        }

    index_path = path("", RegistrationListView.as_view(), name="index")
    create_path = path("new/", RegistrationCreateView.as_view(), name="create")
    detail_path = path("<int:pk>/", RegistrationDetailView.as_view(), name="detail")
    lists_path = path("lists/", RegistrationListsView.as_view(), name="lists")
    compile_path = path("lists/new/", CompileView.as_view(), name="compile")
    list_detail_path = path("lists/<int:pk>/", RegistrationListDetailView.as_view(), name="list_detail")
