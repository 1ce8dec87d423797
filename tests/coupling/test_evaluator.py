"""An evaluator is staff: a second factor first; the overview leads to the studies; demo."""

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from coupling.models import PracticeShare, ResearchExport, Study
from coupling.services import export_research_data
from tests import factories
from tests.conftest import STAFF_PASSWORD

DASHBOARD = reverse("dashboard")
MFA_INDEX = reverse("mfa_index")


@pytest.fixture
def study(world):
    return Study.objects.create(name="Evaluatie", organisation=world.organisation)


@pytest.fixture
def eva(study):
    person = factories.make_person("eva@example.org", password=STAFF_PASSWORD)
    study.evaluators.add(person)
    return person


@pytest.fixture
def second_factor_required(settings):
    settings.MFA_REQUIRED_FOR_STAFF = True


def test_an_evaluator_without_a_second_factor_is_sent_to_set_one_up(
    client, eva, second_factor_required
):
    client.force_login(eva)
    for path in (DASHBOARD, reverse("coupling:studies")):
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (302, MFA_INDEX), path


def test_an_evaluator_with_a_second_factor_gets_through(client, eva, second_factor_required):
    factories.give_second_factor(eva)
    client.force_login(eva)
    assert client.get(reverse("coupling:studies")).status_code == 200


@pytest.mark.parametrize("side", ["study", "person"])
def test_being_made_evaluator_counts_at_once(client, world, study, second_factor_required, side):
    client.force_login(world.otto)  # a participant without a second factor
    assert client.get(DASHBOARD).status_code == 200  # the staff state is in the session now
    if side == "study":
        study.evaluators.add(world.otto)
    else:
        world.otto.evaluated_studies.add(study)
    assert client.get(DASHBOARD)["Location"] == MFA_INDEX


def test_the_overview_leads_an_evaluator_to_the_studies(client, eva, world):
    client.force_login(eva)
    page = client.get(DASHBOARD).content.decode()
    assert reverse("coupling:studies") in page
    assert "U evalueert één studie." in page
    client.force_login(world.anna)
    assert reverse("coupling:studies") not in client.get(DASHBOARD).content.decode()


def test_the_demo_has_an_evaluator_a_study_with_consent_and_a_share(db):
    call_command("load_demo_data")
    call_command("load_demo_data")  # idempotent
    study = Study.objects.get()
    evaluator = User.objects.get(email="onderzoek@herstelcirkel.test")
    assert list(study.evaluators.all()) == [evaluator]
    assert Authenticator.objects.filter(user=evaluator).exists()  # the demo's authenticator
    anna = User.objects.get(email="anna@herstelcirkel.test")
    assert PracticeShare.objects.active().filter(person=anna).count() == 1
    body, export = export_research_data(study=study, by=evaluator)
    participants = study.cohorts.get().memberships.participants().count()
    assert 0 < export.participants < participants
    assert ResearchExport.objects.count() == 1 and body


def test_a_demo_evaluator_logs_in_with_password_and_code(db):
    call_command("load_demo_data")
    client = Client()
    response = client.post(
        reverse("account_login"),
        {"login": "onderzoek@herstelcirkel.test", "password": "herstelcirkel-demo"},
    )
    assert response.status_code == 302
    assert response["Location"] != DASHBOARD  # the authenticator code comes next
