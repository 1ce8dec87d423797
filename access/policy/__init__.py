"""Who may do what: the one place every view, template, consumer, service and selector asks.

The table of every area is below; each area's rules are in a module of this package
(actions, attention, chat, cohorts, memberships, goals, notices, notifications,
organisations, safety, sharing) and ``may`` here dispatches to them by the kind of object.

The facts (which roles a person holds in a cohort, how they relate to a membership) come
from groups.roles; this module turns them into decisions with the tables below. A person's
roles are worked out per cohort (a coach of two cohorts, a manager who is also a coach).

Cohort actions (``may(user, action, cohort)``)::

    action              participant aanjager coach manager nurse funder invitee outsider
    view_cohort              x         x       x      x       -     -       -        -
    view_enrolment           -         -       x      x       -     -       -        -
    edit_cohort              -         -       -      x       -     -       -        -
    start_cohort             -         -       x      x       -     -       -        -
    refer_participant        -         -       -      x       x     -       -        -
    appoint_aanjager         -         -       x      x       -     -       -        -
    end_membership           -         -       x      x       -     -       -        -
    plan_sessions            -         x       x      -       -     -       -        -
    take_attendance          -         x       x      -       -     -       -        -
    propose_theme            x         x       x      -       -     -       -        -
    vote_themes              x         x       -      -       -     -       -        -
    manage_voting            -         x       x      -       -     -       -        -
    rsvp_session             x         x       -      -       -     -       -        -
    use_chat                 x         x       x      -       -     -       -        -
    moderate_chat            -         x       x      -       -     -       -        -
    read_hidden_chat         -         -       x      -       -     -       -        -
    view_report              -         -       x      x       -     x       -        -
    view_group_goals         x         x       x      -       -     -       -        -
    follow_plans             -         -       x      -       -     -       -        -
    view_missing_measurements -        -       x      -       x*    -       -        -
    view_health_counts       -         -       -      x       -     -       -        -
    pay_contribution         x         x       -      -       -     -       -        -
    view_contributions       -         -       x      x       -     -       -        -
    record_payment           -         -       x      x       -     -       -        -
    manage_contributions     -         -       -      x       -     -       -        -
    view_attention           -         x****   x      -       -     -       -        -
    view_personal_signals    -         -       x      -       -     -       -        -
    ask_aanjager             -         -       x      -       -     -       -        -
    read_notices             x         x       x      -       -     -       -        -
    post_notice              -         x       x      -       -     -       -        -
    read_session_thread      x         x       x      -       -     -       -        -
    write_session_thread     x         x       x      -       -     -       -        -
    mark_chat_unread         x         x       x      -       -     -       -        -
    remind_chat_message      x         x       x      -       -     -       -        -

    * the nurse sees only the patients of her own practice (measurement_memberships_for)
    **** only the participants the coach asked them to follow up, participation signals only

The early-warning list (attention/, "Wie verdient aandacht?"): its table is in
``access.policy.attention``; per member, ``view_attention`` and ``record_follow_up`` for
the coach and the aanjager asked to follow that member up, ``view_personal_signals`` (goals,
payments), ``ask_aanjager`` and ``plan_catch_up`` for the coach alone; the organisation's
``set_attention_thresholds`` for its managers, and its referral pipeline
(``view_pipeline``) for its managers (every referral) and nurses (their practice's only,
``access.lists.pipeline_memberships``).

A thread per session (chat/, ``access.policy.chat``): reading and writing the discussion
of one session is for the active members and the coach of its cohort, as the chat is.
Marking a message unread and a reminder of a message are each person's own: a reminder
(``may(user, dismiss_chat_reminder, reminder)``) is for its owner alone, even a superuser
neither sees nor dismisses another's.

The text of a hidden chat message stays readable for the coach alone (read_hidden_chat),
who answers for the group's safety; the aanjager who hid it, like everyone else, sees only
that it was hidden. A deleted message has no text left.

Membership actions (``may(user, action, membership)``)::

    action              the member  coach  manager  nurse of the member's practice  others
    view_referral            -        x       x               x                      -
    record_consent           -        -       x               x                      -
    resend_invitation        -        x       x               x                      -
    accept_agreement         x*       -       -               -                      -
    leave_cohort             x**      -       -               -                      -

    view_plan                x        x       -               -                      -
    edit_plan                x        -       -               -                      -
    view_measurements        x        x***    -               x                      -
    record_measurement       x        x***    -               x                      -
    fill_questionnaire       x        -       -               -                      -

    view_medication          x        -       -               x                      -
    record_medication        x        -       -               x                      -
    report_glucose           x        -       -               -                      -
    view_glucose             x        -       -               x                      -
    see_alert_exists         x        x***    -               x                      -

    * only while invited   ** participants and aanjagers only
    *** while coach_may_see_measurements(membership) allows it (the consent seam)

Safety alerts and practices (safety/): the rule tables are in ``access.policy.safety``; an
alert reaches the nurses of the participant's practice only, never a coach or an aanjager.

The plan holds private and shared goals: "private" means the participant and their coach.

Goal actions (``may(user, action, goal)``, health.models.Goal)::

    action              the owner  coach  group member*  manager  nurse  others
    view_goal               x        x         x**          -        -      -
    cheer_goal              -        -         x**          -        -      -

    * another active participant or aanjager of the owner's cohort   ** shared goals only

Organisation actions (``may(user, action, organisation)``): ``manage_organisation``
and ``create_cohort`` for its managers; ``refer_participant`` for its managers and nurses;
``search_access_log`` (privacy/: who accessed whose data, NEN 7513) for its managers;
``erase_participant`` (privacy/: carry out a former participant's erasure) for its managers.

Funder actions (``may(user, action, funder)``): ``view_funder_report`` (the report
across every cohort the funder pays for) for the funder's own contacts only.

Shared records (coupling/, ``may_fetch_shared_record(user, person)``,
``access.grants.access_shared_record``): ``fetch_shared_record`` for the practice nurse
of the participant's own GP practice, only while the participant's share with that
practice is active; nobody else, not even a superuser (the share is with the practice,
not with the platform's administrators). ``list_shared_records`` (who shares with my
practice) for practice nurses.

Study actions (coupling/, ``access.grants.access_study``): ``export_research_data`` (the
pseudonymous microdata of the study's consenting participants) for the study's own
evaluators only; anyone else gets 404.

Notices (notices/, ``may(user, action, notice)``): the table is in
``access.policy.notices``; ``mark_notice_read`` for the group's members other than the
author, ``withdraw_notice`` and ``view_notice_reads`` (who has read it: names) for the author
while still aanjager or coach, and for the coach.

Notification settings (notifications/, ``may(user, action, person)``, the person's
``accounts.User``)::

    action                       the person  anyone else
    edit_notification_settings       x            -

Unsubscribing from an e-mail needs no log-in: the signed token in the e-mail is the key.

Objects a person may not see at all give 404 (their existence is not revealed); objects
they may see but not change give 403. Django superusers may do everything.
"""

from accounts.models import User
from chat.models import ChatReminder
from groups.models import Cohort, Funder, Membership, Organisation, Practice
from groups.roles import (
    AnyUser,
    is_funder_contact,
    membership_relations,
    organisation_roles,
)
from health.models import Goal
from notices.models import Notice
from safety.models import Alert

from .actions import Action, is_active_person
from .chat import REMINDER_RULES, reminder_actions
from .cohorts import COHORT_RULES, cohort_actions, cohort_permissions, membership_roles_allowed
from .goals import (
    GOAL_RULES,
    goal_actions,
    goal_relations,
    may_on_shared_goals,
    shared_goal_actions,
)
from .memberships import (
    MEASUREMENT_ACTIONS,
    MEMBERSHIP_RULES,
    coach_may_see_measurements,
    measurement_memberships_for,
    membership_actions,
    membership_allows,
)
from .notices import NOTICE_RULES, may_on_notice, notice_actions, notice_relations
from .notifications import NOTIFICATION_RULES, notification_actions
from .organisations import ORGANISATION_RULES, may_anywhere, organisation_actions
from .safety import safety_allows
from .sharing import (
    may_fetch_shared_record,
    may_list_shared_records,
    shared_patients_for,
    studies_of_evaluator,
)

__all__ = [
    "COHORT_RULES",
    "GOAL_RULES",
    "MEASUREMENT_ACTIONS",
    "MEMBERSHIP_RULES",
    "NOTICE_RULES",
    "NOTIFICATION_RULES",
    "ORGANISATION_RULES",
    "REMINDER_RULES",
    "Action",
    "PolicyObject",
    "coach_may_see_measurements",
    "cohort_actions",
    "cohort_permissions",
    "goal_actions",
    "goal_relations",
    "is_active_person",
    "may",
    "may_anywhere",
    "may_fetch_shared_record",
    "may_list_shared_records",
    "may_on_shared_goals",
    "measurement_memberships_for",
    "membership_actions",
    "membership_allows",
    "membership_roles_allowed",
    "notice_actions",
    "notice_relations",
    "notification_actions",
    "organisation_actions",
    "reminder_actions",
    "shared_goal_actions",
    "shared_patients_for",
    "studies_of_evaluator",
]

type PolicyObject = (
    Cohort
    | Membership
    | Goal
    | Organisation
    | Funder
    | Alert
    | Practice
    | User
    | Notice
    | ChatReminder
)


def may(user: AnyUser, action: Action, obj: PolicyObject) -> bool:
    """Whether the user may take this action on this cohort, membership, goal, organisation,
    funder, alert, practice, person (their notification settings), notice or chat reminder."""
    if not is_active_person(user):
        return False
    if isinstance(obj, ChatReminder):  # private to its owner, before the superuser rule
        return action in reminder_actions(user, obj.person_id)
    if user.is_superuser:
        return True
    if isinstance(obj, Cohort):
        return action in cohort_permissions(user, obj)
    if isinstance(obj, Membership):
        return membership_allows(action, obj, membership_relations(user, obj))
    if isinstance(obj, Goal):
        return action in goal_actions(user, goal_relations(user, obj))
    if isinstance(obj, Organisation):
        return bool(organisation_roles(user, obj) & ORGANISATION_RULES[action])
    if isinstance(obj, Funder):
        return action == Action.VIEW_FUNDER_REPORT and is_funder_contact(user, obj)
    if isinstance(obj, Alert | Practice):
        return safety_allows(user, action, obj)
    if isinstance(obj, User):
        return action in notification_actions(user, obj)
    if isinstance(obj, Notice):
        return may_on_notice(user, action, obj)
    raise TypeError(f"No permission rules for {type(obj).__name__}")
