"""Writes: sharing with the GP practice, and the research export with its pseudonyms."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from groups.models import ParticipantProfile
from privacy import access_log

from . import research, validator
from .models import PracticeShare, ResearchExport, Study, StudyPseudonym


@transaction.atomic
def start_practice_share(*, person: User) -> PracticeShare:
    """The participant shares their self-measurements and scores with their own practice.

    Sharing again while a share is active changes nothing and returns that share.
    """
    User.objects.select_for_update().filter(pk=person.pk).first()
    profile = ParticipantProfile.objects.filter(person=person).select_related("practice").first()
    if profile is None:
        raise ValidationError(_("You can only share when you take part through a GP practice."))
    active = PracticeShare.objects.active().filter(person=person).first()
    if active is not None:
        if active.practice_id == profile.practice_id:
            return active
        active.ended_at = timezone.now()
        active.save(update_fields=["ended_at"])
    share = PracticeShare(person=person, practice=profile.practice)
    share.full_clean()
    share.save()
    _log_change(person)
    return share


@transaction.atomic
def withdraw_practice_share(*, person: User) -> int:
    """Ends every active share at once; the practice can fetch nothing from now on."""
    User.objects.select_for_update().filter(pk=person.pk).first()
    ended = PracticeShare.objects.active().filter(person=person).update(ended_at=timezone.now())
    if ended:
        _log_change(person)
    return ended


def _log_change(person: User) -> None:
    access_log.record(
        actor=person,
        subject=person,
        action=access_log.Action.CHANGE,
        data_kind=access_log.DataKind.CONSENT,
    )


def _new_pseudonym(taken: set[str]) -> str:
    while True:
        code = "P" + secrets.token_hex(4).upper()
        if code not in taken:
            return code


@transaction.atomic
def export_research_data(*, study: Study, by: User) -> tuple[bytes, ResearchExport]:
    """Makes the study's export (coupling.research), validates it, and logs it.

    New participants get a random pseudonym, kept for every later export of the study.
    A file that fails the validator is never handed over.
    """
    Study.objects.select_for_update().filter(pk=study.pk).first()
    memberships = research.consenting_memberships(study)
    existing = dict(
        StudyPseudonym.objects.filter(study=study).values_list("person_id", "pseudonym")
    )
    taken = set(existing.values())
    for person_id in sorted({m.person_id for m in memberships} - set(existing)):
        code = _new_pseudonym(taken)
        StudyPseudonym.objects.create(study=study, person_id=person_id, pseudonym=code)
        existing[person_id] = code
        taken.add(code)
    codes = {m.person_id: existing[m.person_id] for m in memberships}
    tables = research.build_tables(study, codes)
    problems = [
        problem
        for name, rows in tables.items()
        for problem in validator.validate(name, research.csv_text(rows))
    ]
    if problems:
        raise ValidationError(
            _("The export did not pass its check: %(problems)s")
            % {"problems": "; ".join(problems[:5])}
        )
    export = ResearchExport.objects.create(
        study=study,
        by=by,
        participants=len(codes),
        session_rows=len(tables["sessions.csv"]) - 1,
        moment_rows=len(tables["moments.csv"]) - 1,
    )
    access_log.record_many(
        actor=by,
        memberships=memberships,
        action=access_log.Action.EXPORT,
        data_kind=access_log.DataKind.MEASUREMENTS,
        actor_role=access_log.ActorRole.OTHER,
    )
    return research.package(study, tables), export
