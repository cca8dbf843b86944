from django.db import migrations, models


def unlink_duplicate_accounts(apps, schema_editor):
    """Before the constraint: where one account was linked to several people (possible until
    now, through the API), keep the oldest link and clear the others."""
    Person = apps.get_model("teams", "Person")
    seen: set[tuple[int, int]] = set()
    duplicates = []
    rows = (
        Person.objects.filter(user__isnull=False)
        .order_by("organization_id", "user_id", "created_at", "id")
        .values_list("id", "organization_id", "user_id")
    )
    for pk, org_id, user_id in rows:
        if (org_id, user_id) in seen:
            duplicates.append(pk)
        seen.add((org_id, user_id))
    Person.objects.filter(pk__in=duplicates).update(user=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_users_organizations_memberships_tokens"),
        ("teams", "0001_people_areas_teams"),
    ]

    operations = [
        migrations.RunPython(unlink_duplicate_accounts, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                condition=models.Q(("user__isnull", False)),
                fields=("organization", "user"),
                name="person_user_unique_per_org",
            ),
        ),
    ]
