"""Content editors' groups and the English content locale.

"Programmabeheer" (programme managers) may edit, publish and translate every page and
manage images and documents; "Coaches" may write and change pages and submit them for
moderation, and add images and documents, but not publish. Both may enter the Wagtail
admin; no other user may (participants never belong to these groups).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PROGRAMME_MANAGERS = "Programmabeheer"
COACHES = "Coaches"

PAGE_PERMISSIONS = {
    PROGRAMME_MANAGERS: [
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    ],
    COACHES: ["add_page", "change_page"],
}
COLLECTION_PERMISSIONS = {
    PROGRAMME_MANAGERS: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
    ],
    COACHES: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    ],
}
GLOBAL_PERMISSIONS = {
    PROGRAMME_MANAGERS: [
        ("wagtailadmin", "access_admin"),
        ("simple_translation", "submit_translation"),
    ],
    COACHES: [("wagtailadmin", "access_admin")],
}


def permission(apps, app_label, codename):
    Permission = apps.get_model("auth.Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def create_editor_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; these need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Locale = apps.get_model("wagtailcore.Locale")

    Locale.objects.get_or_create(language_code="en")
    home = Page.objects.filter(depth=2).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).first()

    for name in (PROGRAMME_MANAGERS, COACHES):
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in GLOBAL_PERMISSIONS[name]:
            group.permissions.add(permission(apps, app_label, codename))
        if home is not None:
            for codename in PAGE_PERMISSIONS[name]:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=home,
                    permission=permission(apps, "wagtailcore", codename),
                )
        if root_collection is not None:
            for app_label, codename in COLLECTION_PERMISSIONS[name]:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=permission(apps, app_label, codename),
                )


def remove_editor_groups(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name__in=[PROGRAMME_MANAGERS, COACHES]).delete()
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    if not Page.objects.filter(locale__language_code="en").exists():
        Locale.objects.filter(language_code="en").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_theme_library_and_programme_pages"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("simple_translation", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_editor_groups, remove_editor_groups)]
