from django.contrib import admin

from .models import GroupDecision, Session, ThemeProposal, VotingRound


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "cohort", "starts_at", "status"]
    list_filter = ["status", "cohort"]
    raw_id_fields = ["facilitator", "material_page", "series"]
    filter_horizontal = ["themes"]


@admin.register(ThemeProposal)
class ThemeProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "cohort", "created_at"]
    list_filter = ["cohort"]
    raw_id_fields = ["proposed_by", "library_page"]


admin.site.register(VotingRound)
admin.site.register(GroupDecision)
