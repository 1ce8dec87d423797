from django.core.management import call_command

from accounts.models import User
from safety.models import Alert, GlucoseReading, Medication


def test_demo_gives_anna_a_medication_list_values_and_an_open_alert(db):
    call_command("load_demo_data")
    counts = (Medication.objects.count(), GlucoseReading.objects.count(), Alert.objects.count())
    call_command("load_demo_data")  # idempotent
    assert (
        Medication.objects.count(),
        GlucoseReading.objects.count(),
        Alert.objects.count(),
    ) == counts
    anna = User.objects.get(email="anna@herstelcirkel.test")
    assert Medication.objects.filter(person=anna, changes__kind="reduced").exists()
    alert = Alert.objects.get(person=anna)
    assert alert.is_open and alert.practice == anna.participant_profile.practice
