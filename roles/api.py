"""The organisation's JSON API: the units a user may use, with the roles they hold in each, read
through ``roles.selectors``."""

from __future__ import annotations

import django_filters
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from workflow_project.api import ChoiceSerializer, IdFilter

from .models import Role, Unit, UnitKind
from .selectors import roles_held, unit_get, unit_list


class UsableUnitSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField(help_text="The roles the user holds in this very unit.")

    class Meta:
        model = Unit
        fields = ["id", "code", "name", "kind", "parent", "path", "merged_into", "merged_on", "roles"]
        extra_kwargs = {"parent": {"help_text": "The id of the unit above it."}}

    def get_kind(self, unit) -> ChoiceSerializer:
        return {"code": unit.kind, "label": str(unit.get_kind_display())}

    @extend_schema_field(ChoiceSerializer(many=True))
    def get_roles(self, unit):
        return [{"code": role.value, "label": str(role.label)} for role in self.context["roles"].get(unit.pk, [])]


class UnitFilter(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=UnitKind.choices, label=_("kind"))
    # By id: among the user's units already, so a filter tells nothing of other units.
    parent = IdFilter(field_name="parent", label=_("parent unit"))
    role = django_filters.ChoiceFilter(choices=Role.choices, method="filter_role", label=_("role held"))
    held = django_filters.BooleanFilter(method="filter_held", label=_("where the user holds a role"))

    class Meta:
        model = Unit
        fields = ["kind", "parent", "role", "held"]

    def filter_role(self, queryset, name, value):
        held = self.request.parser_context["view"].roles
        return queryset.filter(pk__in=[pk for pk, roles in held.items() if value in roles])

    def filter_held(self, queryset, name, value):
        held = list(self.request.parser_context["view"].roles)
        return queryset.filter(pk__in=held) if value else queryset.exclude(pk__in=held)


@extend_schema_view(
    list=extend_schema(responses=UsableUnitSerializer(many=True)),
    retrieve=extend_schema(responses=UsableUnitSerializer),
)
class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """The units the user may use, by path (each under the one above it): those where they hold a
    role, and every unit their reading roles reach (a town office's roles reach its whole town).
    Each with the roles the user holds there. Any other unit answers 404."""

    serializer_class = UsableUnitSerializer
    filterset_class = UnitFilter
    ordering_fields = ["path", "name", "code"]
    lookup_value_regex = "[0-9]+"

    @cached_property
    def roles(self) -> dict[int, list[Role]]:
        return roles_held(self.request.user)

    def get_queryset(self):
        return unit_list(self.request.user)

    def get_object(self):
        return unit_get(self.request.user, self.kwargs["pk"])

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "roles": self.roles}
