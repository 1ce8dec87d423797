"""wagtail.users with a user admin that writes the access log (privacy.admin_access).

Installed in place of ``wagtail.users`` (config/settings.py). Only an AppConfig here: this
module is imported before the models are ready.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class LoggedUsersConfig(WagtailUsersAppConfig):
    user_viewset = "privacy.admin_access.LoggedUserViewSet"
