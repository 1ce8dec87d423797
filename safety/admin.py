from django.contrib import admin

from .models import PracticeProtocol


@admin.register(PracticeProtocol)
class PracticeProtocolAdmin(admin.ModelAdmin):
    list_display = ["practice", "hypo_below", "high_above", "high_count", "high_days"]
