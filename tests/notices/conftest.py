import pytest


@pytest.fixture
def notice_by(world, django_capture_on_commit_callbacks):
    """Posts a notice through the service, running what it does on commit."""
    from notices import services

    def _post(author, body="De bijeenkomst van donderdag is in de grote zaal."):
        with django_capture_on_commit_callbacks(execute=True):
            return services.post_notice(cohort=world.cohort, by=author, body=body)

    return _post
