"""The first questionnaire, WHO-5, and empty structures for two licensed scales."""

from django.db import migrations

WHO5_ITEMS = [
    (
        1,
        "Ik voelde me opgewekt en in een goed humeur",
        "I have felt cheerful and in good spirits",
    ),
    (2, "Ik voelde me rustig en ontspannen", "I have felt calm and relaxed"),
    (3, "Ik voelde me actief en energiek", "I have felt active and vigorous"),
    (
        4,
        "Ik voelde me fris en uitgerust toen ik wakker werd",
        "I woke up feeling fresh and rested",
    ),
    (
        5,
        "Mijn dagelijks leven was gevuld met dingen die mij interesseerden",
        "My daily life has been filled with things that interest me",
    ),
]
WHO5_OPTIONS = [
    (5, "De hele tijd", "All of the time"),
    (4, "Het grootste deel van de tijd", "Most of the time"),
    (3, "Meer dan de helft van de tijd", "More than half of the time"),
    (2, "Minder dan de helft van de tijd", "Less than half of the time"),
    (1, "Af en toe", "Some of the time"),
    (0, "Nooit", "At no time"),
]

PLACEHOLDERS = [
    (
        "zelfmanagement",
        "Zelfmanagement (vragenlijst in te vullen door het programma)",
        "Self-management (scale to be filled in by the programme)",
    ),
    (
        "actief-zijn",
        "Actief zijn (vragenlijst in te vullen door het programma)",
        "Being active (scale to be filled in by the programme)",
    ),
]


def load(apps, schema_editor):
    Instrument = apps.get_model("health", "Instrument")
    InstrumentItem = apps.get_model("health", "InstrumentItem")
    InstrumentOption = apps.get_model("health", "InstrumentOption")
    who5 = Instrument.objects.create(
        key="who5",
        name_nl="WHO-5 Welzijnsindex",
        name_en="WHO-5 Well-Being Index",
        intro_nl=(
            "Geef bij elk van de vijf uitspraken aan wat het meest in de buurt komt van hoe "
            "u zich de afgelopen twee weken heeft gevoeld."
        ),
        intro_en=(
            "Please indicate for each of the five statements which is closest to how you "
            "have been feeling over the last two weeks."
        ),
        scoring="sum",
        rescale_to_100=True,  # raw 0-25 rescaled to 0-100 is the published "times 4"
        min_answered=5,  # a missing item: not scored
        source_note=(
            "WHO-5 Well-Being Index, WHO Collaborating Centre in Mental Health, Psychiatric "
            "Research Unit, Frederiksborg General Hospital (1998). Free to use. Raw score "
            "0-25, multiplied by 4 for 0-100; 50 or lower suggests low well-being."
        ),
    )
    InstrumentItem.objects.bulk_create(
        InstrumentItem(instrument=who5, number=number, text_nl=dutch, text_en=english)
        for number, dutch, english in WHO5_ITEMS
    )
    InstrumentOption.objects.bulk_create(
        InstrumentOption(instrument=who5, value=value, label_nl=dutch, label_en=english)
        for value, dutch, english in WHO5_OPTIONS
    )
    for key, dutch, english in PLACEHOLDERS:
        Instrument.objects.create(
            key=key,
            name_nl=dutch,
            name_en=english,
            scoring="mean",
            rescale_to_100=True,
            min_answered=1,
            is_placeholder=True,
            active=False,
            source_note=(
                "PLACEHOLDER: the programme fills in the items, options and scoring rule of "
                "the scale it licenses (Django admin, Questionnaires), then turns off "
                "'is placeholder' and turns on 'active'. No licensed item texts are shipped."
            ),
        )


def unload(apps, schema_editor):
    Instrument = apps.get_model("health", "Instrument")
    Instrument.objects.filter(key__in=["who5", *(key for key, *_ in PLACEHOLDERS)]).delete()


class Migration(migrations.Migration):
    dependencies = [("health", "0001_plans_goals_measurements_questionnaires")]

    operations = [migrations.RunPython(load, unload)]
