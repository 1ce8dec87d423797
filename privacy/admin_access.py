"""The access log for the two admin sites: the Django admin and Wagtail's user admin.

Administrators can open participants' personal data there too (the user list, a
membership, a GP consent, the contributions ledger), so those views write the same
entries as the site's own pages, in the role "administrator" (NEN 7513).

- Django admin: give a ModelAdmin ``LoggedAccessAdmin`` as its first base and say how to
  reach the person from a row (``access_log_person``) and what kind of data it is.
- Wagtail admin: ``wagtail.users`` is installed as ``privacy.wagtail_users.LoggedUsersConfig``,
  whose user listing and user edit view log the participants they show.

Only participants (anyone with a participant or aanjager membership, now or before) are
logged: the log is about the people whose care data the platform holds.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.http import HttpRequest
from wagtail.users.views import users as wagtail_users

from groups.models import Membership

from . import access_log
from .models import AccessLogEntry

DataKind = AccessLogEntry.DataKind


def log_admin_access(
    *, request: HttpRequest, person_ids: Iterable[int], action: str, data_kind: str
) -> int:
    """One entry per participant among ``person_ids``, with the administrator as actor."""
    person_ids = {pk for pk in person_ids if pk is not None}
    if not person_ids:
        return 0
    memberships: dict[int, Membership] = {}
    rows = (
        Membership.objects.filter(person_id__in=person_ids, role__in=Membership.PARTICIPANT_ROLES)
        .select_related("cohort")
        .order_by("created_at")
    )
    for membership in rows:
        # oldest first: the open membership if there is one, else the last (it names the
        # organisation on whose behalf the entry is kept)
        current = memberships.get(membership.person_id)
        if current is None or current.status not in Membership.OPEN_STATUSES:
            memberships[membership.person_id] = membership
    return access_log.record_many(
        actor=request.user,
        memberships=memberships.values(),
        action=action,
        data_kind=data_kind,
        request=request,
        actor_role=AccessLogEntry.ActorRole.ADMINISTRATOR,
    )


if TYPE_CHECKING:
    _AdminBase = admin.ModelAdmin[Any]  # a mixin for ModelAdmins
else:
    _AdminBase = object


class LoggedAccessAdmin(_AdminBase):
    """Mixin for a Django ModelAdmin whose rows hold a participant's personal data.

    ``access_log_person``: the path from a row to the person, as in a query
    (``"person"``, ``"membership__person"``; ``""`` for the user model itself).
    """

    access_log_person = "person"
    access_log_data_kind = DataKind.PROFILE
    access_log_list = True  # False where the list names no one (only the row's page does)

    def access_log_people(self, queryset) -> list[int]:
        """The person ids behind these rows (one query)."""
        return list(queryset.values_list(self.access_log_person or "pk", flat=True))

    def _log(self, request, person_ids, action) -> None:
        log_admin_access(
            request=request,
            person_ids=person_ids,
            action=action,
            data_kind=self.access_log_data_kind,
        )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if self.access_log_list and response.status_code == 200 and changelist is not None:
            pks = [row.pk for row in changelist.result_list]
            rows = self.model._default_manager.filter(pk__in=pks)
            self._log(request, self.access_log_people(rows), AccessLogEntry.Action.VIEW)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "POST" and response.status_code == 302:
            action = AccessLogEntry.Action.CHANGE
        elif response.status_code == 200:
            action = AccessLogEntry.Action.VIEW
        else:
            return response
        rows = self.model._default_manager.filter(pk=self.to_pk(object_id))
        self._log(request, self.access_log_people(rows), action)
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        if response.status_code == 200:
            rows = self.model._default_manager.filter(pk=self.to_pk(object_id))
            self._log(request, self.access_log_people(rows), AccessLogEntry.Action.VIEW)
        return response

    def to_pk(self, object_id):
        try:
            return self.model._meta.pk.to_python(object_id)
        except Exception:  # a malformed id: the admin itself answers it with a redirect
            return None


# -- Wagtail's user admin ----------------------------------------------------------------


class LoggedUserIndexView(wagtail_users.IndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        people = [user.pk for user in context.get("object_list") or ()]
        log_admin_access(
            request=self.request,
            person_ids=people,
            action=AccessLogEntry.Action.VIEW,
            data_kind=DataKind.PROFILE,
        )
        return context


class LoggedUserEditView(wagtail_users.EditView):
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        self._log(AccessLogEntry.Action.VIEW)
        return response

    def form_valid(self, form):
        response = super().form_valid(form)
        self._log(AccessLogEntry.Action.CHANGE)
        return response

    def _log(self, action):
        log_admin_access(
            request=self.request,
            person_ids=[self.object.pk],
            action=action,
            data_kind=DataKind.PROFILE,
        )


class LoggedUserViewSet(wagtail_users.UserViewSet):
    index_view_class = LoggedUserIndexView
    edit_view_class = LoggedUserEditView
