from django.db import migrations, models
from django.db.models.functions import ExtractYear


def letters_year(apps, schema_editor):
    ProvincialSubmission = apps.get_model("approvals", "ProvincialSubmission")
    ProvincialSubmission.objects.update(year=ExtractYear("sent_on"))


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0004_compiledsubmission"),
    ]

    operations = [
        migrations.AddField(
            model_name="provincialsubmission",
            name="year",
            field=models.PositiveSmallIntegerField(default=0, editable=False, verbose_name="year"),
            preserve_default=False,
        ),
        migrations.RunPython(letters_year, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="provincialsubmission",
            constraint=models.UniqueConstraint(
                fields=("sender", "year", "number"), name="letter_number_unique_per_year"
            ),
        ),
    ]
