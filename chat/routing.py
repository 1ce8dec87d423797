from django.urls import path

from .consumers import ChatConsumer

websocket_urlpatterns = [
    path("ws/groepen/<int:pk>/chat/", ChatConsumer.as_asgi()),
]
