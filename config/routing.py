"""WebSocket routes of every app; apps with real-time features add theirs here."""

websocket_urlpatterns: list = []
