"""Test data built through the real services, so tests walk the same paths as users."""

import datetime
import itertools

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from groups import services
from groups.models import Cohort, Funder, GPConsent, Membership, Organisation, Practice, add_months

_sequence = itertools.count(1)


def make_person(email: str | None = None, *, password: str | None = None, **fields) -> User:
    email = email or f"person{next(_sequence)}@example.org"
    user = User.objects.create_user(email=email, password=password, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def make_organisation(name: str | None = None) -> Organisation:
    return Organisation.objects.create(name=name or f"Zorggroep {next(_sequence)}")


def make_practice(organisation: Organisation, name: str | None = None) -> Practice:
    return Practice.objects.create(
        organisation=organisation, name=name or f"Praktijk {next(_sequence)}"
    )


def make_funder(name: str | None = None) -> Funder:
    return Funder.objects.create(name=name or f"Verzekeraar {next(_sequence)}", kind="insurer")


def make_cohort(
    organisation: Organisation, *, by: User, start: datetime.date | None = None, **fields
):
    start = start or timezone.localdate() + datetime.timedelta(days=30)
    values = {
        "name": f"Herstelcirkel {next(_sequence)}",
        "meeting_place": "Buurthuis De Ster",
        "start_date": start,
        "planned_end_date": add_months(start, 12),
        "monthly_contribution_cents": 1000,
    }
    values.update(fields)
    return services.create_cohort(organisation=organisation, by=by, **values)


def refer(
    cohort: Cohort,
    *,
    nurse: User,
    practice: Practice,
    email: str | None = None,
    first_name: str = "Deelnemer",
    age: int = 60,
    **fields,
) -> Membership:
    email = email or f"deelnemer{next(_sequence)}@example.org"
    birth = cohort.start_date.replace(year=cohort.start_date.year - age) - datetime.timedelta(
        days=1
    )
    values = {
        "email": email,
        "first_name": first_name,
        "last_name": "Test",
        "date_of_birth": birth,
        "practice": practice,
        "gp_name": "dr. Hermans",
    }
    values.update(fields)
    return services.refer_participant(cohort=cohort, by=nurse, **values)


def consent(membership: Membership, *, nurse: User) -> Membership:
    return services.record_gp_consent(
        membership=membership,
        by=nurse,
        gp_name="dr. Hermans",
        given_on=timezone.localdate(),
        method=GPConsent.Method.IN_WRITING,
    )


def enrol(cohort: Cohort, *, nurse: User, practice: Practice, **fields) -> Membership:
    """Referral, GP consent, invitation and acceptance: an active participant."""
    membership = consent(refer(cohort, nurse=nurse, practice=practice, **fields), nurse=nurse)
    membership.refresh_from_db()
    return services.accept_agreement(
        membership=membership, by=membership.person, agreement=True, privacy=True
    )


def give_second_factor(user: User, *, secret: str | None = None) -> str:
    """An authenticator app (TOTP) for the user, as if they had set it up; returns the secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = secret or generate_totp_secret()
    TOTP.activate(user, secret)
    return secret
