import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """CalendarException, moved from ``approvals`` (its ``0007_calendar_exceptions`` created the
    table, its ``0010_calendar_exception_to_workdays`` let go of it).

    Only the migration state learns of it: the table ``approvals_calendarexception`` exists already,
    with its rows, its foreign key and its constraints, on every database that has run approvals'
    migrations, fresh or not.
    """

    initial = True

    dependencies = [
        ('approvals', '0010_calendar_exception_to_workdays'),
        ('roles', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CalendarException',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField(verbose_name='day')),
                        ('kind', models.CharField(choices=[('day_off', 'Day off'), ('working_day', 'Working day')], max_length=20, verbose_name='kind')),
                        ('reason', models.CharField(help_text='Such as the decision that declares it: “Công văn 123/UBND”.', max_length=300, verbose_name='reason')),
                        ('unit', models.ForeignKey(blank=True, help_text='The province or town that declared it, for its units only; empty for the whole country.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='roles.unit', verbose_name='applies in')),
                    ],
                    options={
                        'verbose_name': 'calendar exception',
                        'verbose_name_plural': 'calendar exceptions',
                        'db_table': 'approvals_calendarexception',
                        'ordering': ['-day'],
                        'constraints': [models.UniqueConstraint(fields=('day', 'unit'), name='calendar_exception_once_per_day_and_unit'), models.UniqueConstraint(condition=models.Q(('unit__isnull', True)), fields=('day',), name='calendar_exception_once_per_day')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
