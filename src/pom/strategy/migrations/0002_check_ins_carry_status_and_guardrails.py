from django.db import migrations, models


def fill_check_in_status(apps, schema_editor):
    """Check-ins from before statuses existed read their status from their confidence."""
    CheckIn = apps.get_model("strategy", "CheckIn")
    Outcome = apps.get_model("strategy", "Outcome")
    for status, low, high in (("on_track", 7, 10), ("at_risk", 4, 6), ("off_track", 0, 3)):
        CheckIn.objects.filter(status="", confidence__gte=low, confidence__lte=high).update(
            status=status
        )
        Outcome.objects.filter(
            last_status="", last_confidence__gte=low, last_confidence__lte=high
        ).update(last_status=status)



class Migration(migrations.Migration):

    dependencies = [
        ('strategy', '0001_vision_bets_cycles_outcomes_funding'),
    ]

    operations = [
        migrations.AddField(
            model_name='checkin',
            name='guardrail_readings',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name='checkin',
            name='status',
            field=models.CharField(blank=True, choices=[('on_track', 'On track'), ('at_risk', 'At risk'), ('off_track', 'Off track')], max_length=12),
        ),
        migrations.AddField(
            model_name='outcome',
            name='breached_guardrails',
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='outcome',
            name='last_status',
            field=models.CharField(blank=True, choices=[('on_track', 'On track'), ('at_risk', 'At risk'), ('off_track', 'Off track')], editable=False, max_length=12),
        ),
        migrations.RunPython(fill_check_in_status, migrations.RunPython.noop),
    ]
