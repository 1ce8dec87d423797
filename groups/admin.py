from django.contrib import admin

from privacy.admin_access import DataKind, LoggedAccessAdmin

from .models import (
    Cohort,
    CohortEvent,
    EnrolmentEvent,
    Funder,
    GPConsent,
    Membership,
    Organisation,
    ParticipantProfile,
    Practice,
    StaffRole,
)


class PracticeInline(admin.TabularInline):
    model = Practice
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    inlines = [PracticeInline]


@admin.register(Funder)
class FunderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    search_fields = ["name"]


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "organisation", "practice", "funder"]
    list_filter = ["role"]
    search_fields = ["person__email"]
    autocomplete_fields = ["person"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = readonly_fields = ("person", "role", "status", "place", "aanjager_seat")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # enrolment goes through the referral flow


@admin.register(Cohort)
class CohortAdmin(LoggedAccessAdmin, admin.ModelAdmin):
    # the cohort's page lists its members by name; the list of cohorts names no one
    access_log_person = "memberships__person"
    access_log_list = False
    list_display = ["name", "organisation", "status", "start_date", "planned_end_date"]
    list_filter = ["status", "organisation"]
    search_fields = ["name"]
    filter_horizontal = ["funders"]
    inlines = [MembershipInline]


class EnrolmentEventInline(admin.TabularInline):
    model = EnrolmentEvent
    extra = 0
    readonly_fields = ["kind", "at", "by", "note"]
    can_delete = False


@admin.register(Membership)
class MembershipAdmin(LoggedAccessAdmin, admin.ModelAdmin):
    access_log_data_kind = DataKind.REFERRAL
    list_display = ["person", "cohort", "role", "status", "place"]
    list_filter = ["role", "status", "cohort"]
    search_fields = ["person__email", "person__first_name", "person__last_name"]
    readonly_fields = ["place", "aanjager_seat", "created_at", "accepted_at", "ended_at"]
    inlines = [EnrolmentEventInline]


@admin.register(ParticipantProfile)
class ParticipantProfileAdmin(LoggedAccessAdmin, admin.ModelAdmin):
    pass


@admin.register(GPConsent)
class GPConsentAdmin(LoggedAccessAdmin, admin.ModelAdmin):
    access_log_person = "membership__person"
    access_log_data_kind = DataKind.REFERRAL


admin.site.register(CohortEvent)
