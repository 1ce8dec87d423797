"""Uploads: only document and image types that a browser will not run, served privately."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form

pytestmark = pytest.mark.django_db


def document_form(name: str, content: bytes):
    form_class = get_document_form(get_document_model())
    return form_class(
        data={"title": "Werkblad", "collection": "1"},
        files={"file": SimpleUploadedFile(name, content)},
        user=None,
    )


@pytest.mark.parametrize("name", ["werkblad.html", "script.svg", "tool.exe", "macro.docm"])
def test_a_document_of_a_runnable_type_is_refused(name):
    form = document_form(name, b"<script>alert(1)</script>")
    assert not form.is_valid()
    assert "file" in form.errors


def test_a_pdf_document_is_accepted():
    form = document_form("werkblad.pdf", b"%PDF-1.4 inhoud")
    assert form.is_valid(), form.errors


def image_form(name: str, content: bytes):
    form_class = get_image_form(get_image_model())
    return form_class(
        data={"title": "Foto", "collection": "1"},
        files={"file": SimpleUploadedFile(name, content)},
        user=None,
    )


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_svg_or_a_disguised_file_is_no_image():
    assert not image_form("logo.svg", b"<svg onload='alert(1)'/>").is_valid()
    assert not image_form("foto.png", b"<html>not an image</html>").is_valid()
    assert image_form("foto.png", png_bytes()).is_valid()


def test_an_image_over_the_size_limit_is_refused(settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    form = image_form("foto.png", png_bytes() + b"\0" * 200)
    assert not form.is_valid()


def test_documents_are_served_through_the_privacy_checking_view(client, settings):
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    document = get_document_model().objects.create(title="Werkblad")
    document.file.save("werkblad.pdf", io.BytesIO(b"%PDF-1.4"), save=True)
    assert not document.url.startswith(settings.MEDIA_URL)


def test_the_development_server_serves_image_renditions_but_no_documents(settings):
    import importlib

    from django.urls import Resolver404, resolve

    import config.urls

    settings.DEBUG = True
    try:
        urls = importlib.reload(config.urls)
        assert resolve("/media/images/foto.width-800.png", urlconf=urls).func.__name__ == "serve"
        for path in ("/media/documents/werkblad.pdf", "/media/original_images/foto.png"):
            try:
                match = resolve(path, urlconf=urls)
            except Resolver404:
                continue
            assert match.func.__name__ != "serve" or "wagtail" in match.func.__module__, path
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)
