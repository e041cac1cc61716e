"""What keeps each dossier's ``search_text`` (``dossiers.search``) true when a name it is found by
changes: a nominee's, or an organisation unit's (a renamed commune, the successor of a merger
renamed later). A dossier's own change of nominee or unit is ``Dossier.save``'s to follow.

Connected in ``DossiersConfig.ready``. A queryset's ``update()`` of a name bypasses them: refresh
the dossiers concerned with ``search_texts_refresh`` after one.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.signals import post_save, pre_save

from roles.models import Unit

from .models import Dossier, Nominee
from .search import fold, search_text

BATCH = 500


def search_texts_refresh(dossiers: QuerySet[Dossier]) -> int:
    """Recompute the search text of ``dossiers`` from their nominee's and unit's names as they are
    now; the number of dossiers whose text changed."""
    stale: list[Dossier] = []
    changed = 0
    rows = dossiers.order_by().values_list("pk", "nominee__name", "unit__name", "search_text")
    for pk, nominee_name, unit_name, current in rows.iterator(chunk_size=2000):
        text = search_text(nominee_name, unit_name)
        if text != current:
            stale.append(Dossier(pk=pk, search_text=text))
        if len(stale) == BATCH:
            changed += Dossier.objects.bulk_update(stale, ["search_text"])
            stale = []
    if stale:
        changed += Dossier.objects.bulk_update(stale, ["search_text"])
    return changed


def name_before_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """Note the name a nominee or unit had, to tell after the save whether it changed."""
    if raw or instance.pk is None or (update_fields is not None and "name" not in update_fields):
        return
    instance._name_before_save = sender._default_manager.filter(pk=instance.pk).values_list("name", flat=True).first()


def name_after_save(sender, instance, created=False, raw=False, **kwargs) -> None:
    """A nominee or a unit renamed: its dossiers are found under the new name."""
    before = instance.__dict__.pop("_name_before_save", None)
    if created or raw or before is None or fold(before) == fold(instance.name):
        return
    field = "nominee" if sender is Nominee else "unit"
    search_texts_refresh(Dossier.objects.filter(**{field: instance}))


def connect() -> None:
    for model in (Nominee, Unit):
        label = model._meta.label_lower
        pre_save.connect(name_before_save, sender=model, dispatch_uid=f"dossiers.search.{label}.before")
        post_save.connect(name_after_save, sender=model, dispatch_uid=f"dossiers.search.{label}.after")
