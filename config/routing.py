"""WebSocket routes of every app; apps with real-time features add theirs here."""

from chat.routing import websocket_urlpatterns as chat_routes

websocket_urlpatterns: list = [*chat_routes]
