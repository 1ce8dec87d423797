"""Who may do what with the threads of sessions and with a person's own chat reminders.

Cohort actions (``may(user, action, cohort)``, merged into the cohort table)::

    action                  participant aanjager coach manager nurse funder outsider
    read_session_thread          x         x       x      -       -     -       -
    write_session_thread         x         x       x      -       -     -       -

Only active memberships count (groups.roles): a member who left reads and writes nothing
more.
"""

from groups.roles import Role

from .actions import Action

THREAD_COHORT_RULES: dict[Action, frozenset[Role]] = {
    Action.READ_SESSION_THREAD: frozenset({Role.PARTICIPANT, Role.AANJAGER, Role.COACH}),
    Action.WRITE_SESSION_THREAD: frozenset({Role.PARTICIPANT, Role.AANJAGER, Role.COACH}),
}
