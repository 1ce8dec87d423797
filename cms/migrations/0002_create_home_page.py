from django.db import migrations

HOME_TITLE = "Herstelcirkel"
HOME_INTRO = (
    "Samen werken aan uw gezondheid met diabetes type 2: in een vaste groep, "
    "met een leefkrachtcoach, een jaar lang."
)


def create_home_page(apps, schema_editor):
    """Replaces Wagtail's default welcome page with our home page as the site's root."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("cms.HomePage")

    Page.objects.filter(depth=2, slug="home").delete()
    home_content_type, _created = ContentType.objects.get_or_create(
        model="homepage", app_label="cms"
    )
    root = Page.objects.get(depth=1)
    home = HomePage.objects.create(
        title=HOME_TITLE,
        draft_title=HOME_TITLE,
        slug="home",
        content_type=home_content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        intro=HOME_INTRO,
        locale_id=root.locale_id,
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Herstelcirkel"},
    )
    Page.objects.filter(depth=1).update(numchild=1)


def remove_home_page(apps, schema_editor):
    apps.get_model("cms.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(create_home_page, remove_home_page)]
