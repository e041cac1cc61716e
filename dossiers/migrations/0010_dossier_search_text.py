import unicodedata

from django.db import migrations, models

# A frozen copy of ``dossiers.search.fold`` and ``search_text`` as they were when this migration was
# written: the text it backfills must not change with later code.
UNDECOMPOSED = str.maketrans({"đ": "d", "ð": "d", "ø": "o", "ł": "l"})


def fold(text):
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(UNDECOMPOSED))
    return " ".join("".join(char for char in decomposed if not unicodedata.combining(char)).split())


def backfill(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    rows = Dossier.objects.using(schema_editor.connection.alias).order_by("pk")
    batch = []
    for pk, nominee_name, unit_name in rows.values_list("pk", "nominee__name", "unit__name").iterator(chunk_size=2000):
        batch.append(Dossier(pk=pk, search_text=f"{fold(nominee_name)}\n{fold(unit_name)}"))
        if len(batch) == 500:
            Dossier.objects.using(schema_editor.connection.alias).bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Dossier.objects.using(schema_editor.connection.alias).bulk_update(batch, ["search_text"])


# On PostgreSQL, a trigram index serves the search's ``LIKE '%word%'``; SQLite has no such index
# and scans the column, which is plenty for the sizes it serves. The index is not in the model's
# state (Django's indexes cannot be PostgreSQL-only), so ``makemigrations`` leaves it alone.
def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS dossier_search_text_trgm ON dossiers_dossier USING gin (search_text gin_trgm_ops)"
    )


def trigram_index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS dossier_search_text_trgm")


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0009_dossier_follows_registration_once'),
    ]

    operations = [
        migrations.AddField(
            model_name='dossier',
            name='search_text',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='search text'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(trigram_index, trigram_index_drop),
    ]
