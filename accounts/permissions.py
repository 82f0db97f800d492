"""Granting group permissions from data migrations (safe: works on the historical `apps`)."""

from django.contrib.auth.management import create_permissions

SALES_OPERATORS = "Sales operators"


def grant(apps, group_name: str, permissions: dict[str, list[str]]) -> None:
    """Give `group_name` these `{app_label: [codename, ...]}`, creating the permissions first on a
    fresh database (Django creates them only after all migrations ran)."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for app_label, codenames in permissions.items():
        group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))


def revoke(apps, group_name: str, permissions: dict[str, list[str]]) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=group_name).first()
    for app_label, codenames in permissions.items():
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )
