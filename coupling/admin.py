from django.contrib import admin

from .models import ResearchExport, Study


@admin.register(Study)
class StudyAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "created_at"]
    filter_horizontal = ["cohorts", "evaluators"]


@admin.register(ResearchExport)
class ResearchExportAdmin(admin.ModelAdmin):
    list_display = ["study", "by", "at", "participants", "session_rows", "moment_rows"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
