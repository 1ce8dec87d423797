"""Who may do what with the threads of sessions and with a person's own chat reminders.

Cohort actions (``may(user, action, cohort)``, merged into the cohort table)::

    action                  participant aanjager coach manager nurse funder outsider
    read_session_thread          x         x       x      -       -     -       -
    write_session_thread         x         x       x      -       -     -       -
    mark_chat_unread             x         x       x      -       -     -       -
    remind_chat_message          x         x       x      -       -     -       -

Only active memberships count (groups.roles): a member who left reads and writes nothing
more. Marking a message unread moves only the person's own read marker, and a reminder is
made for the person alone: nobody acts on another's.

Reminder actions (``may(user, action, reminder)``, chat.models.ChatReminder)::

    action                  the person  anyone else (a superuser too)
    dismiss_chat_reminder       x            -
"""

from groups.roles import AnyUser, Role

from .actions import Action, is_active_person

THREAD_COHORT_RULES: dict[Action, frozenset[Role]] = {
    Action.READ_SESSION_THREAD: frozenset({Role.PARTICIPANT, Role.AANJAGER, Role.COACH}),
    Action.WRITE_SESSION_THREAD: frozenset({Role.PARTICIPANT, Role.AANJAGER, Role.COACH}),
    Action.MARK_CHAT_UNREAD: frozenset({Role.PARTICIPANT, Role.AANJAGER, Role.COACH}),
    Action.REMIND_CHAT_MESSAGE: frozenset({Role.PARTICIPANT, Role.AANJAGER, Role.COACH}),
}

SELF = "self"
REMINDER_RULES: dict[Action, frozenset[str]] = {
    Action.DISMISS_CHAT_REMINDER: frozenset({SELF}),
}


def reminder_actions(user: AnyUser, owner_id: int) -> frozenset[Action]:
    """What the user may do with a reminder of the person ``owner_id``: it is private to
    its owner, so a superuser gets nothing here either."""
    if not is_active_person(user) or user.pk != owner_id:
        return frozenset()
    return frozenset(action for action, allowed in REMINDER_RULES.items() if SELF in allowed)
