from django.db import migrations


def relabel(apps, schema_editor, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    if content_types.filter(app_label=target, model="calendarexception").exists():
        return
    content_types.filter(app_label=source, model="calendarexception").update(app_label=target)


def to_workdays(apps, schema_editor) -> None:
    relabel(apps, schema_editor, "approvals", "workdays")


def to_approvals(apps, schema_editor) -> None:
    relabel(apps, schema_editor, "workdays", "approvals")


class Migration(migrations.Migration):
    """The moved model keeps its content type, relabelled, rather than getting a new one.

    What points at the content type then follows the model to ``workdays``: the admin's change
    history of calendar exceptions, and any user's or group's permissions on them. A new content
    type would leave those behind on a stale one, which ``remove_stale_contenttypes`` deletes with
    everything that points at it. A fresh database has no content type yet (they are made after
    ``migrate``): nothing to do.
    """

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('workdays', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(to_workdays, to_approvals),
    ]
