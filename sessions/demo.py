"""Demo themes, votes, a group decision and a year of sessions for the running cohort."""

import datetime
import random
from typing import Any

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from groups.models import Cohort, Membership

from . import services
from .models import Attendance, GroupDecision, VotingRound

COHORT = "Herstelcirkel Noord 2026"
FIRST_ROUND = [
    ("Gezond eten zonder dieet", "Ik wil weten wat ik wél kan eten, zonder steeds te tellen."),
    ("Zin en onzin van medicijnen", "Ik slik vijf soorten pillen. Moet dat allemaal?"),
    ("Bewegen als je knieën pijn doen", "Wandelen lukt slecht. Wat kan ik dan wel doen?"),
    ("Slapen en suiker", "Ik slaap slecht en mijn suiker is 's ochtends hoog."),
    ("Boodschappen doen: etiketten lezen", "In de winkel weet ik niet wat gezond is."),
]
SECOND_ROUND = [
    ("Stress en diabetes", "Als ik gespannen ben, gaat alles mis met eten."),
    ("Feestdagen zonder schuldgevoel", "De feestdagen komen eraan."),
    ("Voeten en ogen: de jaarcontrole", "Wat kijken ze eigenlijk na bij de jaarcontrole?"),
]


@override_settings(
    MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
)
@transaction.atomic
def load() -> None:
    cohort = Cohort.objects.filter(name=COHORT).first()
    if cohort is None or cohort.theme_proposals.exists() or cohort.sessions.exists():
        return
    rng = random.Random(4)
    active = cohort.memberships.filter(status=Membership.Status.ACTIVE).select_related("person")
    participants = [m.person for m in active if m.is_participant]
    coach = next(m.person for m in active if m.role == Membership.Role.COACH)
    aanjagers = [m.person for m in active if m.role == Membership.Role.AANJAGER]
    now = timezone.now()

    # A first round, closed a few months ago: the group's first decision.
    try:
        from cms.selectors import theme_pages_for_choice

        library = list(theme_pages_for_choice()[:1])
    except Exception:  # the theme library is optional demo content
        library = []
    proposals = [
        services.propose_theme(cohort=cohort, by=participants[n * 3], title=title, reason=reason)
        for n, (title, reason) in enumerate(FIRST_ROUND)
    ]
    if library:
        proposals.append(
            services.propose_theme(
                cohort=cohort,
                by=coach,
                title=library[0].title,
                reason="Uit de themabibliotheek.",
                library_page=library[0],
            )
        )
    first_round = services.open_voting_round(cohort=cohort, by=aanjagers[0])
    weights = [5, 5, 3, 1, 3, 4][: len(proposals)]
    for voter in participants[:15]:
        picks = rng.choices(proposals, weights=weights, k=3)
        allocation: dict[int, int] = {}
        for proposal in picks:
            allocation[proposal.pk] = allocation.get(proposal.pk, 0) + 1
        services.cast_votes(voting_round=first_round, voter=voter, allocation=allocation)
    decision = services.close_voting_round(voting_round=first_round, by=aanjagers[0])
    decided = now - datetime.timedelta(days=100)
    VotingRound.objects.filter(pk=first_round.pk).update(
        opened_at=decided - datetime.timedelta(days=7), closed_at=decided
    )
    GroupDecision.objects.filter(pk=decision.pk).update(decided_at=decided)
    chosen = [result.proposal for result in decision.results.filter(chosen=True)]

    # The programme year: every two weeks for three months, then monthly.
    start = cohort.start_date  # then the first Tuesday a week or more later
    first_date = start + datetime.timedelta(days=7 + (1 - start.weekday()) % 7)
    sessions = services.create_series(
        cohort=cohort,
        by=coach,
        title="Groepsbijeenkomst",
        first_date=first_date,
        start_time=datetime.time(19, 0),
        end_time=datetime.time(21, 0),
        every_weeks=2,
        regular_count=6,
        monthly_count=9,
        place=cohort.meeting_place,
    )
    leaders = [coach, *aanjagers]
    for index, session in enumerate(sessions):
        fields: dict[str, Any] = {}
        if index < len(chosen):
            fields["title"] = chosen[index].title
            fields["themes"] = [chosen[index]]
            if chosen[index].library_page_id:
                fields["material_page"] = chosen[index].library_page
            fields["agenda"] = "Kennismaking met het thema\nErvaringen delen\nEigen doel kiezen"
        if index == 1:
            fields["guest_facilitator"] = "Mirjam Smit, diëtist"
        elif index < len(sessions) - 2:
            fields["facilitator"] = leaders[index % len(leaders)]
        if session.starts_at < now:
            fields["notes"] = "Goede avond. Iedereen nam een eigen doel mee naar huis."
        if fields:
            services.update_session(session=session, by=coach, **fields)
        if session.ends_at < now:
            entries = {}
            for person in participants:
                roll = rng.random()
                if roll < 0.8:
                    entries[person.pk] = (Attendance.Status.PRESENT, "")
                elif roll < 0.92:
                    entries[person.pk] = (Attendance.Status.EXCUSED, "Ziek")
                else:
                    entries[person.pk] = (Attendance.Status.ABSENT, "")
            services.record_attendance(session=session, by=coach, entries=entries)
    upcoming = [s for s in sessions if s.starts_at > now]
    for session in upcoming[:2]:
        for person in participants:
            if rng.random() < 0.6:
                services.answer_rsvp(session=session, person=person, coming=rng.random() < 0.85)
    if len(upcoming) > 3:
        services.cancel_session(
            session=upcoming[3], by=coach, reason="Het buurthuis is die avond gesloten."
        )

    # A second round, open now, with a few votes in.
    for n, (title, reason) in enumerate(SECOND_ROUND):
        services.propose_theme(
            cohort=cohort, by=participants[n * 4 + 1], title=title, reason=reason
        )
    second_round = services.open_voting_round(cohort=cohort, by=coach)
    open_ids = [p.pk for p in cohort.theme_proposals.exclude(results__chosen=True)]
    for voter in participants[2:9]:
        services.cast_votes(
            voting_round=second_round,
            voter=voter,
            allocation={rng.choice(open_ids): 2, rng.choice(open_ids): 1}
            if len(open_ids) > 1
            else {open_ids[0]: 3},
        )
