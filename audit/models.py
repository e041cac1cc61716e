from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditStream(models.Model):
    """The head of one hash chain: the last sequence number and hash written to it.

    Appending locks this row, so writers to one stream queue up while unrelated streams (other
    dossiers) proceed in parallel. It also lets verification notice a deletion at a chain's tail.
    """

    name = models.CharField(_("stream"), max_length=100, primary_key=True)
    last_seq = models.PositiveBigIntegerField(_("last sequence number"), default=0)
    last_hash = models.CharField(_("last hash"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit stream")
        verbose_name_plural = _("audit streams")

    def __str__(self) -> str:
        return self.name


class AuditEvent(models.Model):
    """One change, recorded once and never altered (database triggers refuse UPDATE and DELETE)."""

    stream = models.CharField(_("stream"), max_length=100)
    seq = models.PositiveBigIntegerField(_("sequence number"))
    occurred_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_username = models.CharField(_("user name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=50, blank=True)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["stream", "seq"], name="audit_event_unique_stream_seq"),
        ]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_event_object"),
            models.Index(fields=["actor", "occurred_at"], name="audit_event_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.stream}#{self.seq} {self.action}"
