from django.contrib import admin

from .models import ChatMessage


@admin.register(ChatMessage)
class ChatMessageAdmin(admin.ModelAdmin):
    """Read-only: moderation happens in the chat, where it is recorded and broadcast."""

    list_display = ["room", "seq", "author", "created_at", "edited_at", "deleted_at", "hidden_at"]
    list_filter = ["room"]
    list_select_related = ["room__cohort", "author"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
