"""The whole permission matrix: every named page, export and POST action of our apps, and
the chat WebSocket, requested as every person of the world and as an anonymous visitor.

What each person should get comes from the table below (``PAGES``), written from the
role x action table in access/policy/__init__.py, not from calling ``may()``: a change in the
rules must show up here as a failing row. The checks:

- a person in the row's ``allowed`` set gets the page (200, or the view's own redirect);
- every other logged-in person gets 403 or 404 (404 where the object is outside their
  reach), and a POST from them changes nothing in the database;
- an anonymous visitor is sent to log in (POST-only views: the POST is);
- nobody ever gets a server error.

The chat WebSocket has the same sweep in test_full_matrix_socket.py (a transactional test,
so pytest-django runs it after this module's shared world is gone).

``test_every_named_url_is_in_the_table`` walks the URL resolver, so a new named URL of
one of our apps fails until it has a row here.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from chat import reminders as chat_reminders
from chat import services as chat_services
from cms.models import ContentPage
from cms.site_tree import ensure_site_tree
from groups.invitations import token_for
from groups.models import Membership, StaffRole
from health import services as health_services
from notices import services as notice_services
from notifications.selectors import Kind
from notifications.unsubscribe import token_for as unsubscribe_token
from safety.services import medication as safety_medication
from safety.services import reports as safety_reports
from sessions import selectors as session_selectors
from sessions import services as session_services
from tests.cms.pages import publish_child
from tests.conftest import build_world
from tests.privacy.conftest import with_second_factors

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ANONYMOUS = "anonymous"
# carla coaches the other cohort; otto is a participant there; ivo is invited, not in yet.
PEOPLE = ("marloes", "petra", "sanne", "carla", "anna", "kees", "ivo", "otto", "frank", "olga")
ROLES = (*PEOPLE, ANONYMOUS)
OUR_APPS = {"accounts", "groups", "sessions", "chat", "contributions", "health", "reports"}
OUR_APPS |= {"privacy", "cms", "safety", "coupling", "notifications", "attention", "notices"}
OUR_MODELS = ("accounts", "groups", "meetings", "chat", "contributions", "health", "privacy")
OUR_MODELS += ("safety", "notifications", "attention", "notices")

EVERYONE = frozenset(PEOPLE)
MEMBERS = frozenset({"anna", "kees"})  # participant and aanjager of the world's cohort
GROUP = MEMBERS | {"sanne"}  # ... and their coach
COHORT_VIEWERS = GROUP | {"marloes"}
AANJAGER_AND_COACH = frozenset({"kees", "sanne"})
COACH_AND_MANAGER = frozenset({"sanne", "marloes"})
MANAGER = frozenset({"marloes"})
ANNA = frozenset({"anna"})


@dataclass
class Scene:
    """The world, plus one of each object the URLs point at."""

    world: object
    carla: object
    session: object
    message: object
    goal: object
    voting_round: object
    feed_token: str
    members_page: object
    clients: dict = field(default_factory=dict)
    alert: object = None
    medication: object = None
    held_session: object = None  # began an hour ago: its attendance register is open
    reminder: object = None  # anna's reminder of her message, due tomorrow
    notice: object = None  # posted by kees (aanjager) to the world's cohort

    def membership(self, name):
        return self.world.cohort.memberships.get(person=getattr(self.world, name))

    def person(self, name):
        return self.carla if name == "carla" else getattr(self.world, name)


@dataclass(frozen=True)
class Page:
    """One row: how to build the URL, who may, and what 'may' looks like."""

    build: Callable[[Scene], str]
    allowed: frozenset
    post_only: bool = False
    ok: tuple = (200,)  # what an allowed person gets (GET), or for POST-only views: the POST
    public: bool = False  # no log-in needed (the calendar feed behind its secret token)
    data: dict = field(default_factory=dict)


def u(name, *args):
    return lambda s: reverse(name, args=[arg(s) if callable(arg) else arg for arg in args])


cohort = lambda s: s.world.cohort.pk  # noqa: E731
other_cohort = lambda s: s.world.other_cohort.pk  # noqa: E731
organisation = lambda s: s.world.organisation.pk  # noqa: E731
of = lambda name: lambda s: s.membership(name).pk  # noqa: E731
coach_membership = lambda s: s.world.cohort.memberships.get(role="coach").pk  # noqa: E731
ivo = lambda s: s.world.cohort.memberships.get(person=s.world.ivo).pk  # noqa: E731
session = lambda s: s.session.pk  # noqa: E731
held_session = lambda s: s.held_session.pk  # noqa: E731
goal = lambda s: s.goal.pk  # noqa: E731
seq = lambda s: s.message.seq  # noqa: E731
notice = lambda s: s.notice.pk  # noqa: E731
funder = lambda s: s.world.funder.pk  # noqa: E731

REPORT_READERS = COACH_AND_MANAGER | {"frank"}

PAGES: dict[str, Page] = {
    # site-wide
    "dashboard": Page(u("dashboard"), EVERYONE),
    "text_size_set": Page(
        u("text_size_set"),
        EVERYONE,
        post_only=True,
        public=True,
        ok=(302,),
        data={"size": "large"},
    ),
    # groups
    "groups:organisation_detail": Page(u("groups:organisation_detail", organisation), MANAGER),
    "groups:cohort_create": Page(u("groups:cohort_create", organisation), MANAGER),
    "groups:cohort_detail": Page(u("groups:cohort_detail", cohort), COHORT_VIEWERS),
    "groups:cohort_edit": Page(u("groups:cohort_edit", cohort), MANAGER),
    "groups:coach_assign": Page(
        u("groups:coach_assign", cohort), MANAGER, post_only=True, ok=(200, 302)
    ),
    "groups:coach_remove": Page(u("groups:coach_remove", cohort, coach_membership), MANAGER),
    "groups:cohort_start": Page(
        u("groups:cohort_start", other_cohort), frozenset({"marloes", "carla"})
    ),
    "groups:cohort_finish": Page(u("groups:cohort_finish", cohort), COACH_AND_MANAGER),
    "groups:cohort_leave": Page(u("groups:cohort_leave", cohort), MEMBERS),
    # GET: the confirmation page; the POST that does it is tested in tests/groups
    "groups:aanjager_appoint": Page(
        u("groups:aanjager_appoint", cohort, of("anna")), COACH_AND_MANAGER
    ),
    "groups:aanjager_step_down": Page(
        u("groups:aanjager_step_down", cohort, of("kees")), COACH_AND_MANAGER
    ),
    "groups:membership_end": Page(
        u("groups:membership_end", cohort, of("anna")), COACH_AND_MANAGER
    ),
    "groups:referral_list": Page(u("groups:referral_list"), frozenset({"marloes", "petra"})),
    "groups:referral_create": Page(u("groups:referral_create"), frozenset({"marloes", "petra"})),
    "groups:referral_detail": Page(
        u("groups:referral_detail", ivo), frozenset({"marloes", "petra", "sanne"})
    ),
    "groups:invitation_resend": Page(
        u("groups:invitation_resend", ivo),
        frozenset({"marloes", "petra", "sanne"}),
        post_only=True,
        ok=(302,),
    ),
    "groups:accept_invitation": Page(u("groups:accept_invitation", ivo), frozenset({"ivo"})),
    # behind the signed token in the e-mail: anyone with the link, ivo goes on to accept
    "groups:invitation_welcome": Page(
        lambda s: reverse(
            "groups:invitation_welcome",
            args=[token_for(s.world.cohort.memberships.get(person=s.world.ivo))],
        ),
        EVERYONE,
        public=True,
        ok=(200, 302),
    ),
    # health
    # their own plan, for whoever has one (otto has one in the other cohort)
    "health:my_plan": Page(u("health:my_plan"), MEMBERS | {"otto"}, ok=(302,)),
    "health:plan": Page(u("health:plan", of("anna")), frozenset({"anna", "sanne"})),
    "health:goal_create": Page(u("health:goal_create", of("anna")), ANNA),
    "health:measurements": Page(
        u("health:measurements", of("anna")), frozenset({"anna", "sanne", "petra"})
    ),
    "health:measurement_create": Page(
        u("health:measurement_create", of("anna")), frozenset({"anna", "sanne", "petra"})
    ),
    "health:questionnaire_fill": Page(u("health:questionnaire_fill", of("anna"), "who5"), ANNA),
    "health:goal_detail": Page(u("health:goal_detail", goal), GROUP),
    "health:goal_revise": Page(u("health:goal_revise", goal), ANNA),
    "health:goal_sharing": Page(
        u("health:goal_sharing", goal), ANNA, post_only=True, ok=(200, 302)
    ),
    "health:goal_status": Page(u("health:goal_status", goal), ANNA, post_only=True, ok=(200, 302)),
    "health:check_in": Page(u("health:check_in", goal), ANNA),
    "health:cheer": Page(u("health:cheer", goal), frozenset({"kees"}), post_only=True, ok=(302,)),
    "health:group_goals": Page(u("health:group_goals", cohort), GROUP),
    # missing measurements: the coach, and the nurse for her own practice's patients
    "health:cohort_health": Page(u("health:cohort_health", cohort), frozenset({"petra", "sanne"})),
    "health:measurement_moments": Page(u("health:measurement_moments", cohort), MANAGER),
    # sessions (app label meetings)
    "sessions:theme_list": Page(u("sessions:theme_list", cohort), COHORT_VIEWERS),
    "sessions:theme_propose": Page(
        u("sessions:theme_propose", cohort), GROUP, post_only=True, ok=(200, 302)
    ),
    "sessions:theme_vote": Page(
        u("sessions:theme_vote", cohort), MEMBERS, post_only=True, ok=(200, 302)
    ),
    "sessions:round_open": Page(
        u("sessions:round_open", cohort), AANJAGER_AND_COACH, post_only=True, ok=(200, 302)
    ),
    "sessions:round_close": Page(
        u("sessions:round_close", cohort, lambda s: s.voting_round.pk),
        AANJAGER_AND_COACH,
        post_only=True,
        ok=(302,),
    ),
    "sessions:session_list": Page(u("sessions:session_list", cohort), COHORT_VIEWERS),
    "sessions:session_create": Page(u("sessions:session_create", cohort), AANJAGER_AND_COACH),
    "sessions:series_create": Page(u("sessions:series_create", cohort), AANJAGER_AND_COACH),
    "sessions:planning": Page(u("sessions:planning", cohort), AANJAGER_AND_COACH),
    "sessions:attendance_overview": Page(
        u("sessions:attendance_overview", cohort), AANJAGER_AND_COACH
    ),
    "sessions:session_detail": Page(u("sessions:session_detail", session), COHORT_VIEWERS),
    "sessions:session_edit": Page(u("sessions:session_edit", session), AANJAGER_AND_COACH),
    "sessions:session_cancel": Page(u("sessions:session_cancel", session), AANJAGER_AND_COACH),
    "sessions:session_rsvp": Page(
        u("sessions:session_rsvp", session),
        MEMBERS,
        post_only=True,
        ok=(200, 302),
        data={"answer": "yes"},
    ),
    "sessions:session_attendance": Page(
        u("sessions:session_attendance", held_session), AANJAGER_AND_COACH
    ),
    "sessions:session_ics": Page(u("sessions:session_ics", session), COHORT_VIEWERS),
    "sessions:my_calendar": Page(u("sessions:my_calendar"), EVERYONE),
    "sessions:my_calendar_renew": Page(
        u("sessions:my_calendar_renew"), EVERYONE, post_only=True, ok=(302,)
    ),
    "sessions:calendar_feed": Page(
        lambda s: reverse("sessions:calendar_feed", args=[s.feed_token]), EVERYONE, public=True
    ),
    # contributions
    "contributions:mine": Page(u("contributions:mine", cohort), MEMBERS),
    "contributions:start": Page(
        u("contributions:start", cohort), MEMBERS, post_only=True, ok=(200, 302)
    ),
    "contributions:manage": Page(
        u("contributions:manage", cohort), MEMBERS, post_only=True, ok=(200, 302)
    ),
    "contributions:overview": Page(u("contributions:overview", cohort), COACH_AND_MANAGER),
    "contributions:totals": Page(u("contributions:totals", cohort), MANAGER),
    "contributions:totals_csv": Page(u("contributions:totals_csv", cohort), MANAGER),
    "contributions:plan_edit": Page(u("contributions:plan_edit", cohort), MANAGER),
    "contributions:member_ledger": Page(
        u("contributions:member_ledger", cohort, of("anna")), COACH_AND_MANAGER
    ),
    # An empty form comes back as the member's ledger with 400: the person got in.
    "contributions:record_payment": Page(
        u("contributions:record_payment", cohort, of("anna")),
        COACH_AND_MANAGER,
        post_only=True,
        ok=(302, 400),
    ),
    "contributions:waive_month": Page(
        u("contributions:waive_month", cohort, of("anna")),
        COACH_AND_MANAGER,
        post_only=True,
        ok=(302, 400),
    ),
    # reports: the cohort's, the funder's and the programme's, on the page and exported
    "reports:report/groep": Page(u("reports:report", "groep", cohort), REPORT_READERS),
    "reports:report/financier": Page(
        u("reports:report", "financier", funder), frozenset({"frank"})
    ),
    "reports:report/programma": Page(u("reports:report", "programma", organisation), MANAGER),
    "reports:report_export/groep.csv": Page(
        u("reports:report_export", "groep", cohort, "csv"), REPORT_READERS
    ),
    "reports:report_export/groep.xlsx": Page(
        u("reports:report_export", "groep", cohort, "xlsx"), REPORT_READERS
    ),
    "reports:report_export/groep.pdf": Page(
        u("reports:report_export", "groep", cohort, "pdf"), REPORT_READERS
    ),
    "reports:report_export/financier.csv": Page(
        u("reports:report_export", "financier", funder, "csv"), frozenset({"frank"})
    ),
    "reports:report_export/programma.pdf": Page(
        u("reports:report_export", "programma", organisation, "pdf"), MANAGER
    ),
    "reports:cohort_cost": Page(
        u("reports:cohort_cost", cohort), MANAGER, post_only=True, ok=(200, 302)
    ),
    # how the figures are protected: an explanation for anyone, no data
    # notifications: one's own choice of e-mails
    "notifications:settings": Page(u("notifications:settings"), EVERYONE),
    # behind the signed token in every e-mail that can be turned off: no log-in; a GET only
    # asks (the one POST that turns it off is tested in tests/notifications)
    "notifications:unsubscribe": Page(
        lambda s: reverse(
            "notifications:unsubscribe",
            args=[unsubscribe_token(person=s.world.anna, kind=Kind.VOTING)],
        ),
        EVERYONE,
        public=True,
    ),
    "reports:disclosure_method": Page(u("reports:disclosure_method"), EVERYONE, public=True),
    # chat
    "chat:room": Page(u("chat:room", cohort), GROUP),
    # notices: the author (kees) has nothing to mark read; who has read it is his and the coach's
    "notices:list": Page(u("notices:list", cohort), GROUP),
    "notices:create": Page(u("notices:create", cohort), AANJAGER_AND_COACH),
    "notices:mark_read": Page(
        u("notices:mark_read", cohort, notice),
        frozenset({"anna", "sanne"}),
        post_only=True,
        ok=(302,),
    ),
    "notices:reads": Page(u("notices:reads", cohort, notice), AANJAGER_AND_COACH),
    "notices:withdraw": Page(u("notices:withdraw", cohort, notice), AANJAGER_AND_COACH),
    "chat:message_edit": Page(u("chat:message_edit", cohort, seq), ANNA),
    "chat:message_delete": Page(u("chat:message_delete", cohort, seq), ANNA),
    "chat:message_hide": Page(u("chat:message_hide", cohort, seq), AANJAGER_AND_COACH),
    "chat:thread": Page(u("chat:thread", session), GROUP),
    "chat:message_unread": Page(
        u("chat:message_unread", cohort, seq), GROUP, post_only=True, ok=(302,)
    ),
    "chat:message_remind": Page(u("chat:message_remind", cohort, seq), GROUP),
    # a reminder is its owner's alone (anna's here)
    "chat:reminder_dismiss": Page(
        lambda s: reverse("chat:reminder_dismiss", args=[s.reminder.pk]),
        ANNA,
        post_only=True,
        ok=(302,),
    ),
    # privacy: everyone's own pages, and the log search for the programme manager
    "privacy:overview": Page(u("privacy:overview"), EVERYONE),
    "privacy:my_access_log": Page(u("privacy:my_access_log"), EVERYONE),
    "privacy:access_log_search": Page(u("privacy:access_log_search"), MANAGER),
    "privacy:download_json": Page(u("privacy:download_json"), EVERYONE),
    "privacy:download_html": Page(u("privacy:download_html"), EVERYONE),
    "privacy:consent": Page(u("privacy:consent"), EVERYONE),
    "privacy:erase": Page(u("privacy:erase"), EVERYONE),
    "privacy:former_participants": Page(u("privacy:former_participants"), MANAGER),
    # anna is still in the group: the manager sees why her data cannot go yet
    "privacy:erase_participant": Page(
        u("privacy:erase_participant", lambda s: s.world.anna.pk), MANAGER
    ),
    # safety: medication and glucose for the participant and her practice nurse; alerts
    # for the nurse of anna's practice only; the coach sees that one exists
    "safety:my_safety": Page(u("safety:my_safety"), MEMBERS | {"otto"}, ok=(302,)),
    "safety:overview": Page(u("safety:overview", of("anna")), frozenset({"anna", "petra"})),
    "safety:medication_add": Page(
        u("safety:medication_add", of("anna")), frozenset({"anna", "petra"})
    ),
    "safety:medication_change": Page(
        u("safety:medication_change", of("anna"), lambda s: s.medication.pk),
        frozenset({"anna", "petra"}),
    ),
    "safety:glucose_report": Page(u("safety:glucose_report", of("anna")), ANNA),
    "safety:hypo_report": Page(u("safety:hypo_report", of("anna")), ANNA),
    "safety:advice": Page(u("safety:advice", of("anna"), "hypo"), ANNA),
    # the manager's worklist holds only escalated alerts, without names
    "safety:worklist": Page(u("safety:worklist"), frozenset({"petra", "marloes"})),
    "safety:alert_detail": Page(
        u("safety:alert_detail", lambda s: s.alert.pk), frozenset({"petra"})
    ),
    "safety:alert_acknowledge": Page(
        u("safety:alert_acknowledge", lambda s: s.alert.pk),
        frozenset({"petra"}),
        post_only=True,
        ok=(302,),
    ),
    "safety:alert_comment": Page(
        u("safety:alert_comment", lambda s: s.alert.pk),
        frozenset({"petra"}),
        post_only=True,
        ok=(302,),
        data={"text": "Gebeld"},
    ),
    "safety:protocol": Page(
        u("safety:protocol", lambda s: s.world.practice.pk), frozenset({"petra"})
    ),
    "safety:cohort_alerts": Page(u("safety:cohort_alerts", cohort), frozenset({"sanne"})),
    # attention: the coach's early-warning list; an aanjager sees only whom they were asked to
    # follow up (nobody in this world), the manager sets the thresholds
    "attention:cohort_list": Page(u("attention:cohort_list", cohort), AANJAGER_AND_COACH),
    "attention:member": Page(u("attention:member", of("anna")), frozenset({"sanne"})),
    "attention:ask_aanjager": Page(
        u("attention:ask_aanjager", of("anna")), frozenset({"sanne"}), post_only=True, ok=(302,)
    ),
    "attention:plan_catch_up": Page(
        u("attention:plan_catch_up", of("anna")), frozenset({"sanne"}), post_only=True, ok=(302,)
    ),
    "attention:thresholds": Page(u("attention:thresholds", organisation), MANAGER),
    # the referral pipeline: the manager (every referral), the nurse (her practice's)
    "attention:pipeline": Page(
        u("attention:pipeline", organisation), frozenset({"marloes", "petra"})
    ),
    # coupling: the participant's own choice; the practice's list; anna shares nothing here,
    # so her downloads are nobody's; the studies page lists only one's own (none here)
    "coupling:share": Page(u("coupling:share"), EVERYONE),
    "coupling:shared_records": Page(u("coupling:shared_records"), frozenset({"petra"})),
    "coupling:download_bundle": Page(
        u("coupling:download_bundle", lambda s: s.world.anna.pk), frozenset()
    ),
    "coupling:download_summary": Page(
        u("coupling:download_summary", lambda s: s.world.anna.pk), frozenset()
    ),
    "coupling:studies": Page(u("coupling:studies"), EVERYONE),
    # cms: a members-only Wagtail page (served by Wagtail's catch-all, not a named URL)
    "cms/members-only page": Page(lambda s: s.members_page.url, EVERYONE),
}

# Named URLs that are not pages for people: Stripe's webhook proves itself by signature
# (tests/contributions/ test it), so an unsigned POST is refused for everyone alike.
NOT_FOR_PEOPLE = {"contributions:stripe_webhook"}
# The FHIR API answers an anonymous client 401 with an OperationOutcome, not a log-in page,
# and the research export's evaluators are none of the people here: both have their own
# matrix in tests/coupling/ (test_share_and_api.py, test_research_export.py).
NOT_FOR_PEOPLE |= {
    "coupling:fhir_patient",
    "coupling:fhir_everything",
    "coupling:fhir_observation_search",
    "coupling:research_export",
}
# The two admin sites admit only administrators (is_staff), none of the people here; their
# access and access logging are tested in tests/cms/test_access.py and
# tests/privacy/test_admin_access_log.py.
ADMIN_SITES = {"django-admin/", "cms/"}


def our_named_urls() -> set[str]:
    """Every named URL whose view lives in one of our apps, with its namespace."""

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern) in ADMIN_SITES:
                    continue
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                module = getattr(pattern.callback, "__module__", "") or ""
                if module.split(".")[0] in OUR_APPS:
                    yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns))


def test_every_named_url_is_in_the_table():
    covered = {key.split("/")[0] for key in PAGES} | NOT_FOR_PEOPLE
    names = our_named_urls()
    assert names - covered == set(), "add these URLs to PAGES in tests/privacy/test_full_matrix"
    stale = {name for name in covered if ":" in name or name == "dashboard"} - names
    assert stale == set(), "these rows name URLs that no longer exist"


@pytest.fixture(scope="module")
def module_scene(django_db_setup, django_db_blocker):
    """One world for the whole module, and every person logged in once.

    Built inside a transaction that is rolled back when the module is done; each test runs
    in its own savepoint inside it (pytest-django's ``db``), so what a test changes is
    undone before the next one, as with a fresh world, at a fraction of the cost.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHER):
                scene = build_scene(with_second_factors(build_world()))
                clients = {ANONYMOUS: Client()}
                for name in PEOPLE:
                    clients[name] = Client()
                    clients[name].force_login(scene.person(name))
            scene.clients = clients
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield scene
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def scene(module_scene, db) -> Scene:
    return module_scene


def build_scene(world) -> Scene:
    carla = world.other_cohort.memberships.get(role="coach").person
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=7)
    with TestCase.captureOnCommitCallbacks(execute=True):
        planned = session_services.plan_session(
            cohort=world.cohort,
            by=world.sanne,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            title="Bijeenkomst",
            place="Buurthuis De Ster",
        )
        began = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=1)
        held = session_services.plan_session(
            cohort=world.cohort,
            by=world.sanne,
            starts_at=began,
            ends_at=began + datetime.timedelta(hours=2),
            title="Bijeenkomst van nu",
            place="Buurthuis De Ster",
        )
        message = chat_services.post_message(
            cohort=world.cohort, author=world.anna, body="Bericht van Anna"
        )
        chat_services.post_message(
            cohort=world.cohort, author=world.kees, body="Vraag vooraf", session=planned
        )
        reminder = chat_reminders.set_reminder(
            message=message,
            person=world.anna,
            remind_at=timezone.now() + datetime.timedelta(days=1),
        )
        goal = health_services.create_goal(
            membership=world.cohort.memberships.get(person=world.anna),
            by=world.anna,
            sharing="group",
            title="Elke dag de trap nemen",
        )
        session_services.propose_theme(
            cohort=world.cohort, by=world.anna, title="Gezond eten", reason="Minder snoepen."
        )
        voting_round = session_services.open_voting_round(cohort=world.cohort, by=world.kees)
        feed = session_services.ensure_calendar_feed(person=world.anna)
        notice = notice_services.post_notice(
            cohort=world.cohort, by=world.kees, body="Neem donderdag water mee."
        )
        anna = world.cohort.memberships.get(person=world.anna)
        alert = safety_reports.report_glucose(
            membership=anna, by=world.anna, value="3.2", context="symptoms"
        ).alert
        medication = safety_medication.add_medication(
            membership=anna,
            by=world.anna,
            name="gliclazide",
            dose="80 mg",
            started_on=timezone.localdate(),
        )
    members_page = publish_child(
        ensure_site_tree(),
        ContentPage(title="Werkbladen", slug="werkbladen", intro="Alleen voor deelnemers."),
    )
    PageViewRestriction.objects.create(
        page=members_page, restriction_type=PageViewRestriction.LOGIN
    )
    return Scene(
        world=world,
        carla=carla,
        session=planned,
        message=message,
        goal=goal,
        voting_round=voting_round,
        feed_token=session_selectors.feed_token(feed),
        members_page=members_page,
        alert=alert,
        medication=medication,
        held_session=held,
        notice=notice,
        reminder=reminder,
    )


def database_state() -> list:
    """Every row of our apps' tables (last_login aside: logging in sets it)."""
    state = []
    for label in OUR_MODELS:
        for model in apps.get_app_config(label).get_models():
            fields = [f.attname for f in model._meta.concrete_fields if f.name != "last_login"]
            state.append(
                (model._meta.label, list(model.objects.order_by("pk").values_list(*fields)))
            )
    return state


def _check(row: Page, url: str, name: str, response, *, method: str, mismatches: list) -> None:
    code = response.status_code
    if code >= 500:
        mismatches.append(f"{name} {method}: server error {code}")
    elif name == ANONYMOUS and not row.public:
        login = reverse("account_login")
        if code != 302 or not response["Location"].startswith(login):
            mismatches.append(f"{name} {method}: {code}, expected a redirect to log in")
    elif name in row.allowed or (row.public and name == ANONYMOUS):
        if code not in row.ok:
            mismatches.append(f"{name} {method}: {code}, expected {row.ok}")
    elif code not in (403, 404):
        mismatches.append(f"{name} {method}: {code}, expected 403 or 404")


@pytest.mark.parametrize("key", list(PAGES))
def test_every_role_gets_what_the_table_says(scene, key):
    row = PAGES[key]
    url = row.build(scene)
    mismatches: list[str] = []
    clients = scene.clients
    if not row.post_only:
        for name in ROLES:
            response = clients[name].get(url)
            _check(row, url, name, response, method="GET", mismatches=mismatches)
    else:
        # The views take POST only: a GET is refused before anything else.
        for name in ROLES:
            code = clients[name].get(url).status_code
            if code != 405:
                mismatches.append(f"{name} GET: {code}, expected 405")
        # Refused POSTs first (each must leave the database as it was), then one allowed.
        for name in [n for n in ROLES if n not in row.allowed]:
            before = database_state()
            response = clients[name].post(url, row.data)
            _check(row, url, name, response, method="POST", mismatches=mismatches)
            if database_state() != before:
                mismatches.append(f"{name} POST changed the database")
        first_allowed = next(name for name in PEOPLE if name in row.allowed)
        response = clients[first_allowed].post(url, row.data)
        _check(row, url, first_allowed, response, method="POST", mismatches=mismatches)
    assert not mismatches, f"{key} {url}:\n" + "\n".join(mismatches)


def test_the_people_hold_every_role_there_is(scene):
    """A new membership or staff role fails here until someone in PEOPLE holds it."""
    people = [scene.person(name) for name in PEOPLE]
    held = set(Membership.objects.filter(person__in=people).values_list("role", flat=True))
    held |= set(StaffRole.objects.filter(person__in=people).values_list("role", flat=True))
    assert held == set(Membership.Role.values) | set(StaffRole.Role.values)
