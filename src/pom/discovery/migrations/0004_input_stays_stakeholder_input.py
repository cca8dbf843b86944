from django.db import migrations, models


def fill_input_not_evidence(apps, schema_editor):
    """Linking input used to copy it into an insight: stakeholder opinion counted as customer
    evidence. Those copies go; the input keeps its link to the opportunity."""
    Input = apps.get_model("discovery", "StakeholderInput")
    Insight = apps.get_model("discovery", "Insight")
    copies = list(
        Input.objects.exclude(evidence_id=None).values_list("evidence_id", flat=True)
    )
    if copies:
        Insight.objects.filter(pk__in=copies).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('discovery', '0003_insight_search_by_organization'),
    ]

    operations = [
        migrations.RunPython(fill_input_not_evidence, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='stakeholderinput',
            name='evidence',
        ),
        migrations.AlterField(
            model_name='stakeholderinput',
            name='triage',
            field=models.CharField(choices=[('new', 'New'), ('linked', 'Linked to an opportunity'), ('routed', 'Routed'), ('declined', 'Declined'), ('duplicate', 'Duplicate')], default='new', max_length=20),
        ),
    ]
