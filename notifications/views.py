"""The user's notifications (``/notifications/``): newest first, the unread marked; opening one
(a POST) marks it read and leads to its dossier's page, which checks the user's scope again."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from viewflow.urls import Application

from roles.models import Role
from roles.selectors import scope_paths
from workflow_project.errors import NotFound

from . import selectors, services
from .models import Notification


def dossier_url(notification: Notification, submitter_paths: list[str]) -> str:
    """The dossier's page for this reader: the submitters' own page for a dossier of their unit,
    the readers' page otherwise. Both answer 404 to a user who may no longer read it."""
    dossier = notification.dossier
    if any(dossier.unit.path.startswith(path) for path in submitter_paths):
        return reverse("my_dossiers:detail", args=[dossier.pk])
    return reverse("dossiers:detail", args=[dossier.pk])


class NotificationListView(generic.ListView):
    template_name = "notifications/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 25

    def get_queryset(self):
        return selectors.notification_list(user=self.request.user)


class NotificationOpenView(generic.View):
    """Mark the user's notification read and go to its dossier (or back to the list). A POST: it
    changes the notification, so that no prefetched or forged link marks it read."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        try:
            notification = services.notification_mark_read(notification_id=pk, actor=request.user)
        except NotFound:
            raise Http404 from None
        if notification.dossier is None:
            return HttpResponseRedirect(reverse("notifications:index"))
        return HttpResponseRedirect(dossier_url(notification, scope_paths(request.user, [Role.COMMUNE_SUBMITTER])))


class MarkAllReadView(generic.View):
    http_method_names = ["post"]

    def post(self, request):
        count = services.notifications_mark_all_read(actor=request.user)
        if count:
            messages.success(request, _("All your notifications are marked read."))
        return HttpResponseRedirect(reverse("notifications:index"))


class NotificationApplication(Application):
    """Each user's own notifications."""

    app_name = "notifications"
    title = gettext_lazy("Notifications")
    icon = "notifications"
    menu_template_name = None  # one list: the site's menu leads to it, with the unread count
    permission = staticmethod(lambda user: user.is_authenticated)

    index_path = path("", NotificationListView.as_view(), name="index")
    open_path = path("<int:pk>/", NotificationOpenView.as_view(), name="open")
    read_all_path = path("read/", MarkAllReadView.as_view(), name="read_all")
