"""What the screens share about roles: a screen open only to the holders of some roles."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .models import Role
from .selectors import holds_any


class RoleRequiredMixin:
    """403 unless the user holds one of ``roles`` somewhere; what they see is then scoped by them."""

    roles: tuple[Role, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not holds_any(request.user, self.roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("app", self.request.resolver_match.app)
        return super().get_context_data(**kwargs)
