import pytest
from django.core.management import CommandError, call_command

from accounts.models import User


def test_demo_data_loads_twice_without_duplicates(db, capsys):
    call_command("load_demo_data")
    first = User.objects.count()
    call_command("load_demo_data")
    assert User.objects.count() == first > 0
    out = capsys.readouterr().out
    assert "anna@herstelcirkel.test" in out
    assert "herstelcirkel-demo" in out


def test_demo_data_is_refused_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("load_demo_data")
    assert not User.objects.exists()
