from django.contrib import admin

from privacy.admin_access import DataKind, LoggedAccessAdmin

from .models import ContributionPlan, LedgerLine, ProcessedEvent, StripeSubscription


@admin.register(ContributionPlan)
class ContributionPlanAdmin(admin.ModelAdmin):
    list_display = ["cohort", "amount_cents", "start_month", "end_month"]


@admin.register(LedgerLine)
class LedgerLineAdmin(LoggedAccessAdmin, admin.ModelAdmin):
    access_log_person = "membership__person"
    access_log_data_kind = DataKind.PAYMENTS
    list_display = ["membership", "month", "amount_cents", "status", "method"]
    list_filter = ["status", "method"]
    list_select_related = ["membership__person", "membership__cohort"]
    # The ledger is derived and changed through the services; the admin only reads it.
    readonly_fields = [field.name for field in LedgerLine._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(StripeSubscription)
class StripeSubscriptionAdmin(LoggedAccessAdmin, admin.ModelAdmin):
    access_log_person = "membership__person"
    access_log_data_kind = DataKind.PAYMENTS
    list_display = ["membership", "stripe_subscription_id", "status", "cancel_at_period_end"]
    readonly_fields = [field.name for field in StripeSubscription._meta.fields]


@admin.register(ProcessedEvent)
class ProcessedEventAdmin(admin.ModelAdmin):
    list_display = ["event_id", "type", "processed_at"]
    readonly_fields = ["event_id", "type", "processed_at"]
