from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    # The language chosen with the switch, which the screens speak wherever the user signs in;
    # empty until they choose (Vietnamese, or what they chose on the sign-in page).
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.get_username()

    def get_full_name(self) -> str:
        return self.full_name


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    TOWN = "town", _("Town")
    OFFICE = "office", _("Office or council")
    WARD = "ward", _("Ward")
    COMMUNE = "commune", _("Commune")
    VILLAGE = "village", _("Village")
    RESIDENTIAL_GROUP = "residential_group", _("Residential group")


class Role(models.TextChoices):
    COMMUNE_SUBMITTER = "commune_submitter", _("Commune submitter")
    LABOUR_REVIEWER = "labour_reviewer", _("Labour reviewer (LĐ-TB&XH)")
    HOME_AFFAIRS_SECRETARY = "home_affairs_secretary", _("Home-affairs secretary (Nội vụ)")
    COUNCIL_MEMBER = "council_member", _("Council member")
    # The code keeps its 2020 name; since 01/07/2025 the role is held at a commune or ward as well.
    TOWN_CHAIRMAN = "town_chairman", _("Chairman of the awarding People's Committee")
    PROVINCIAL_LIAISON = "provincial_liaison", _("Provincial liaison")
    HEAD_OF_OFFICE = "head_of_office", _("Head of office")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")

    @property
    def codename(self) -> str:
        """The django-guardian permission on a unit that holding this role grants."""
        return f"act_as_{self.value}"

    @property
    def permission(self) -> str:
        return f"roles.{self.codename}"


# Where each role may be held. The handling level's roles sit in its offices (or the unit itself)
# and reach every unit beneath it: a town's in 2020, a commune's or ward's under the two-tier
# local government since 01/07/2025. A submitter's role reaches only its own unit: a commune or
# ward proposing to its town, or a village or residential group proposing to its commune.
ROLE_UNIT_KINDS = {
    Role.COMMUNE_SUBMITTER: {UnitKind.WARD, UnitKind.COMMUNE, UnitKind.VILLAGE, UnitKind.RESIDENTIAL_GROUP},
    Role.LABOUR_REVIEWER: {UnitKind.OFFICE},
    Role.HOME_AFFAIRS_SECRETARY: {UnitKind.OFFICE},
    Role.COUNCIL_MEMBER: {UnitKind.OFFICE},
    Role.TOWN_CHAIRMAN: {UnitKind.TOWN, UnitKind.COMMUNE, UnitKind.WARD},
    Role.PROVINCIAL_LIAISON: {UnitKind.TOWN, UnitKind.COMMUNE, UnitKind.WARD, UnitKind.OFFICE},
    Role.HEAD_OF_OFFICE: {UnitKind.OFFICE},
    Role.AUDITOR: {UnitKind.PROVINCE, UnitKind.TOWN, UnitKind.OFFICE},
    Role.ADMINISTRATOR: {UnitKind.PROVINCE, UnitKind.TOWN},
}


class Unit(models.Model):
    """An organisation unit: province, town, a town office, ward, commune, village.

    ``path`` is the chain of codes from the root (``/lao-cai/sa-pa/ta-van/``): "every unit under
    the town" is one indexed prefix match.
    """

    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=500, editable=False, db_index=True)
    # Set by a merger (``mergers.services.units_merge``) only: a merged unit stays for history.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_units",
    )
    merged_on = models.DateField(
        _("merged on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The first day on which the unit is part of the unit it was merged into."),
    )

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["path"]
        default_permissions = ("add", "change", "view")
        permissions = [(role.codename, f"Act as {role.value}") for role in Role]
        constraints = [
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True, merged_on__isnull=True)
                | Q(merged_into__isnull=False, merged_on__isnull=False),
                name="unit_merged_into_with_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        old_path = self.path
        self.path = f"{self.parent.path if self.parent_id else '/'}{self.code}/"
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            # Moving or renaming a unit moves every unit beneath it.
            for child in self.children.all():
                child.save()

    def clean(self) -> None:
        if self.parent_id and self.pk:
            ancestor = self.parent
            while ancestor is not None:
                if ancestor.pk == self.pk:
                    raise ValidationError({"parent": _("A unit cannot be placed under itself.")})
                ancestor = ancestor.parent

    @property
    def scope_path(self) -> str:
        """The subtree a role held here reaches: an office acts for its whole town."""
        if self.kind == UnitKind.OFFICE and self.parent_id:
            return self.parent.path
        return self.path

    def contains(self, other: "Unit") -> bool:
        return other.path.startswith(self.path)


class Membership(models.Model):
    """A user holds a role in a unit from ``starts_on`` until the day before ``ends_on``."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(
        _("ends on"),
        null=True,
        blank=True,
        help_text=_("The first day on which the role no longer applies; empty while it lasts."),
    )
    granted_by = models.ForeignKey(
        User,
        verbose_name=_("granted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user__username", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})
        # Read afresh: the unit may have been merged since it was loaded.
        merged = (
            Unit.objects.exclude(merged_into=None).select_related("merged_into").filter(pk=self.unit_id).first()
            if self.unit_id
            else None
        )
        if merged is not None and (self.ends_on is None or self.ends_on > merged.merged_on):
            raise ValidationError(
                {
                    "unit": _("%(unit)s was merged into %(successor)s on %(date)s: the role is held there now.")
                    % {"unit": merged, "successor": merged.merged_into, "date": merged.merged_on.strftime("%d/%m/%Y")}
                }
            )
        if self.unit_id and self.role:
            allowed = ROLE_UNIT_KINDS[Role(self.role)]
            if self.unit.kind not in allowed:
                raise ValidationError(
                    {
                        "unit": _("The role %(role)s cannot be held in a unit of kind %(kind)s.")
                        % {"role": Role(self.role).label, "kind": self.unit.get_kind_display()}
                    }
                )

    def is_active(self, on) -> bool:
        return self.starts_on <= on and (self.ends_on is None or on < self.ends_on)


# Direct foreign-key permission tables, as django-guardian's performance guide recommends.
class UnitUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Unit, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False


class UnitGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Unit, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False
