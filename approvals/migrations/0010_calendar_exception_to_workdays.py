from django.db import migrations


class Migration(migrations.Migration):
    """CalendarException now belongs to ``workdays`` (``workdays/migrations/0001_initial.py``).

    Only the migration state forgets it: the table and its rows stay where they are, and
    ``workdays`` keeps using them under the same name.
    """

    dependencies = [
        ('approvals', '0009_campaign_reminders'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='CalendarException')],
            database_operations=[],
        ),
    ]
