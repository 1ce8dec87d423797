from django.core.management import call_command

from accounts.models import User
from health import selectors
from health.models import CheckIn, Goal, Measurement, QuestionnaireResponse


def test_demo_gives_anna_a_shared_goal_check_ins_values_and_who5(db):
    call_command("load_demo_data")
    counts = (Goal.objects.count(), Measurement.objects.count(), CheckIn.objects.count())
    call_command("load_demo_data")  # idempotent
    assert (Goal.objects.count(), Measurement.objects.count(), CheckIn.objects.count()) == counts
    anna = User.objects.get(email="anna@herstelcirkel.test")
    membership = selectors.active_participation(user=anna)
    goals = list(membership.goals.all())
    assert any(goal.is_shared for goal in goals)
    assert any(not goal.is_shared for goal in goals)
    assert CheckIn.objects.filter(goal__membership=membership).count() >= 3
    assert membership.measurements.filter(measure="weight").count() == 2
    assert QuestionnaireResponse.objects.filter(
        membership=membership, score__isnull=False
    ).exists()
    assert any(goal.versions.count() == 2 for goal in goals)
