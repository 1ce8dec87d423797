from django.apps import AppConfig


class AccessConfig(AppConfig):
    """The access layer: no models, only the policy above the domain apps."""

    name = "access"
