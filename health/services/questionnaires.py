"""Questionnaires filled in by the participant, scored by the instrument's rule."""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from groups.models import Membership

from .. import scoring
from ..models import (
    Answer,
    Instrument,
    QuestionnaireResponse,
)
from .participation import publish, require_active_participant


@transaction.atomic
def submit_questionnaire(
    *,
    membership: Membership,
    instrument: Instrument,
    by: User,
    answers: Mapping[int, int | None],
    completed_on: datetime.date | None = None,
) -> QuestionnaireResponse:
    """Stores the answers and the score; an answer too incomplete to score is refused.

    Refused, not kept as a draft: the WHO-5 has five questions and takes a minute, the
    form is shown again with the answers given so far and the open questions marked, and
    an unscored response would count for nothing (not in the reports, not as done). A
    draft would need its own state and a way back to it, for no gain on a form this short.
    The error names each open question (``item_<number>``), so the page marks it. An
    instrument that scores with some items open (``min_answered`` below the number of
    items, prorated) still accepts that many.
    """
    require_active_participant(membership)
    if by.pk != membership.person_id:
        raise ValidationError(_("Only the participant fills in their own questionnaire."))
    if instrument.is_placeholder or not instrument.active:
        raise ValidationError(_("This questionnaire cannot be filled in yet."))
    items = {item.number: item for item in instrument.items.all()}
    options = {option.value for option in instrument.options.all()}
    chosen = {number: value for number, value in answers.items() if value is not None}
    for number, value in chosen.items():
        if number not in items or value not in options:
            raise ValidationError(_("One of the answers is not one of the options."))
    needed = instrument.min_answered or len(items)
    if len(chosen) < needed:
        raise ValidationError(
            {
                f"item_{number}": _("Question %(number)d: choose an answer.") % {"number": number}
                for number in sorted(items)
                if number not in chosen
            }
        )
    result = scoring.score(scoring.rule_for(instrument), chosen)
    completed_on = completed_on or timezone.localdate()
    if completed_on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    response = QuestionnaireResponse.objects.create(
        membership=membership,
        instrument=instrument,
        completed_on=completed_on,
        raw_score=result.raw,
        score=result.score,
        answered=result.answered,
    )
    Answer.objects.bulk_create(
        Answer(response=response, item=items[number], value=value)
        for number, value in chosen.items()
    )
    publish("questionnaire", response=response.pk)
    return response
