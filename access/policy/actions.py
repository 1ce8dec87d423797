"""The actions the policy decides on, and who may act at all."""

from collections.abc import Mapping
from enum import StrEnum

from groups.roles import AnyUser


class Action(StrEnum):
    VIEW_COHORT = "view_cohort"
    VIEW_ENROLMENT = "view_enrolment"
    EDIT_COHORT = "edit_cohort"
    START_COHORT = "start_cohort"
    REFER_PARTICIPANT = "refer_participant"
    APPOINT_AANJAGER = "appoint_aanjager"
    END_MEMBERSHIP = "end_membership"
    PLAN_SESSIONS = "plan_sessions"
    TAKE_ATTENDANCE = "take_attendance"
    PROPOSE_THEME = "propose_theme"
    VOTE_THEMES = "vote_themes"  # the group chooses its themes, not the professional
    MANAGE_VOTING = "manage_voting"
    RSVP_SESSION = "rsvp_session"
    USE_CHAT = "use_chat"
    MODERATE_CHAT = "moderate_chat"
    READ_HIDDEN_CHAT = "read_hidden_chat"
    VIEW_REPORT = "view_report"
    # on a membership
    VIEW_REFERRAL = "view_referral"
    RECORD_CONSENT = "record_consent"
    RESEND_INVITATION = "resend_invitation"
    ACCEPT_AGREEMENT = "accept_agreement"
    LEAVE_COHORT = "leave_cohort"
    # on an organisation
    MANAGE_ORGANISATION = "manage_organisation"
    # on a funder
    VIEW_FUNDER_REPORT = "view_funder_report"
    CREATE_COHORT = "create_cohort"
    # personal plan, goals and measurements (health/)
    VIEW_GROUP_GOALS = "view_group_goals"
    FOLLOW_PLANS = "follow_plans"
    VIEW_MISSING_MEASUREMENTS = "view_missing_measurements"
    VIEW_HEALTH_COUNTS = "view_health_counts"
    # monthly contributions (contributions/): participants never see other people's months
    PAY_CONTRIBUTION = "pay_contribution"
    VIEW_CONTRIBUTIONS = "view_contributions"
    RECORD_PAYMENT = "record_payment"  # cash, bank transfer, waiving a month
    MANAGE_CONTRIBUTIONS = "manage_contributions"  # the plan, totals and CSV export
    VIEW_PLAN = "view_plan"
    EDIT_PLAN = "edit_plan"
    VIEW_MEASUREMENTS = "view_measurements"
    RECORD_MEASUREMENT = "record_measurement"
    FILL_QUESTIONNAIRE = "fill_questionnaire"
    VIEW_GOAL = "view_goal"
    CHEER_GOAL = "cheer_goal"
    # privacy/: searching the access log of the organisation's participants (NEN 7513)
    SEARCH_ACCESS_LOG = "search_access_log"
    ERASE_PARTICIPANT = "erase_participant"  # a former participant of the organisation
    # safety/: medication, self-measured glucose and hypo reports, alerts to the practice
    VIEW_MEDICATION = "view_medication"
    RECORD_MEDICATION = "record_medication"
    REPORT_GLUCOSE = "report_glucose"
    VIEW_GLUCOSE = "view_glucose"
    SEE_ALERT_EXISTS = "see_alert_exists"  # the coach's "there is an alert", nothing more
    VIEW_ALERT = "view_alert"
    HANDLE_ALERT = "handle_alert"  # acknowledge and comment
    VIEW_ALERT_STATUS = "view_alert_status"  # escalated: no name, no health data
    VIEW_ALERTS = "view_alerts"  # the practice's worklist
    SET_PROTOCOL = "set_protocol"
    # coupling/: the practice's copy of what a participant shares with it
    FETCH_SHARED_RECORD = "fetch_shared_record"
    LIST_SHARED_RECORDS = "list_shared_records"
    # coupling/: the pseudonymous research export of a study, for its evaluators
    EXPORT_RESEARCH_DATA = "export_research_data"
    # notifications/: a person's own choice of e-mails
    EDIT_NOTIFICATION_SETTINGS = "edit_notification_settings"
    # attention/: the coach's early-warning list and its follow-ups
    VIEW_ATTENTION = "view_attention"
    VIEW_PERSONAL_SIGNALS = "view_personal_signals"  # goals and payments: the coach only
    ASK_AANJAGER = "ask_aanjager"
    RECORD_FOLLOW_UP = "record_follow_up"
    PLAN_CATCH_UP = "plan_catch_up"
    SET_ATTENTION_THRESHOLDS = "set_attention_thresholds"
    # attention/: the referral pipeline of an organisation (a nurse: her practice's only)
    VIEW_PIPELINE = "view_pipeline"
    # notices/: the coach's and aanjagers' notices to the group, with read receipts
    READ_NOTICES = "read_notices"
    POST_NOTICE = "post_notice"
    MARK_NOTICE_READ = "mark_notice_read"
    WITHDRAW_NOTICE = "withdraw_notice"
    VIEW_NOTICE_READS = "view_notice_reads"  # names: who has read it and who not yet
    # chat/: a thread per session, marking a message unread, reminders (access.policy.chat)
    READ_SESSION_THREAD = "read_session_thread"
    WRITE_SESSION_THREAD = "write_session_thread"
    MARK_CHAT_UNREAD = "mark_chat_unread"  # one's own read marker
    REMIND_CHAT_MESSAGE = "remind_chat_message"  # one's own reminder
    DISMISS_CHAT_REMINDER = "dismiss_chat_reminder"


def actions_allowed(
    user: AnyUser, rules: Mapping[Action, frozenset[str]], held: frozenset[str]
) -> frozenset[Action]:
    """The actions of a rule table that what the user holds (roles or relations) allows:
    none for a logged-out or inactive person, every one for a superuser."""
    if not is_active_person(user):
        return frozenset()
    if user.is_superuser:
        return frozenset(rules)
    return frozenset(action for action, allowed in rules.items() if held & allowed)


def is_active_person(user: AnyUser) -> bool:
    """A logged-in person whose account is active (nobody else may do anything)."""
    return bool(user.is_authenticated and user.is_active)
