"""A user's own account on the screens: changing their password, from the menu under their name."""

from __future__ import annotations

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Viewset

from .services import user_password_change


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page, in the site's frame; the change goes through the service, which records it
    in the audit trail. The session it is changed in stays signed in; the user's other sessions
    are signed out (their session no longer matches the password)."""

    template_name = "registration/password_change.html"
    title = _("Change password")
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        user_password_change(user=form.user, password=form.cleaned_data["new_password1"], actor=self.request.user)
        update_session_auth_hash(self.request, form.user)
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_changed.html"
    title = _("Password changed")


class AccountViewset(Viewset):
    """The user's own pages, in the site's frame (its menu) and at Django's addresses
    (``/accounts/password_change/``), which they take over; no entry of the site's menu."""

    app_name = "accounts"

    password_change_path = path("password_change/", PasswordChangeView.as_view(), name="password_change")
    password_change_done_path = path(
        "password_change/done/", PasswordChangeDoneView.as_view(), name="password_change_done"
    )
