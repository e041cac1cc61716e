"""The head of an office's screen (``/overdue/``): the overdue and escalated tasks of the offices
they head, each of which they may put back in the queue for another to take."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from viewflow.urls import Application

from roles.models import Role
from roles.selectors import units_held
from workflow_project.errors import NotFound, ServiceError

from ..deadlines import task_due
from ..flows import AwardDossierFlow
from ..selectors.tasks import DEADLINE, office_overdue_tasks, task_dossier, task_rows
from ..transitions import task_put_back

HEAD = [Role.HEAD_OF_OFFICE]


def may_head(user) -> bool:
    return user.is_authenticated and user.is_active and units_held(user, HEAD).exists()


class HeadRequiredMixin:
    """403 unless the user heads an office; what they see is then that office's alone."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_head(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OverdueListView(HeadRequiredMixin, generic.TemplateView):
    template_name = "approvals/overdue/list.html"

    def get_context_data(self, **kwargs):
        tasks = task_rows(office_overdue_tasks(self.request.user, AwardDossierFlow)).order_by(DEADLINE, "pk")
        rows = [{"task": task, "dossier": task_dossier(task), "due": task_due(task)} for task in tasks]
        kwargs.update(app=self.request.resolver_match.app, rows=rows)
        return super().get_context_data(**kwargs)


class PutBackView(HeadRequiredMixin, generic.View):
    def post(self, request, task_pk: int):
        try:
            task = task_put_back(task_id=task_pk, actor=request.user)
        except NotFound:
            raise Http404 from None
        except ServiceError as exc:
            messages.error(request, str(exc), fail_silently=True)
        else:
            messages.success(
                request,
                _("The task of dossier %(dossier)s is back in the queue.")
                % {"dossier": task.process.coerced.dossier.reference},
                fail_silently=True,
            )
        return HttpResponseRedirect(request.resolver_match.app.reverse("index"))


class OverdueApplication(Application):
    """The overdue and escalated tasks of the offices the user heads."""

    app_name = "overdue"
    title = gettext_lazy("Overdue tasks")
    icon = "alarm"
    menu_template_name = None  # one list: the site's menu leads to it
    permission = staticmethod(may_head)

    index_path = path("", OverdueListView.as_view(), name="index")
    put_back_path = path("<int:task_pk>/put-back/", PutBackView.as_view(), name="put_back")
