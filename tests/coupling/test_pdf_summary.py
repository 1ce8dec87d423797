"""The PDF summary for practices without FHIR: the same values, dated, in Dutch."""

import io

from django.urls import reverse
from pypdf import PdfReader

from coupling import services
from privacy.models import AccessLogEntry


def test_the_nurse_downloads_a_dutch_pdf_summary(client, world, measured):
    services.start_practice_share(person=world.anna)
    client.force_login(world.petra)
    response = client.get(reverse("coupling:download_summary", args=[world.anna.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Huisartsenpraktijk De Linde" in text
    assert "84,5 kg" in text  # Dutch decimals
    assert "53 mmol/mol" in text
    assert "138/86" in text
    assert "85,0" not in text  # the value the practice entered itself
    assert "Gewicht" in text
    assert AccessLogEntry.objects.filter(
        subject=world.anna, actor=world.petra, action="export"
    ).exists()


def test_no_pdf_after_withdrawal(client, world, measured):
    services.start_practice_share(person=world.anna)
    services.withdraw_practice_share(person=world.anna)
    client.force_login(world.petra)
    response = client.get(reverse("coupling:download_summary", args=[world.anna.pk]))
    assert response.status_code == 404
