"""The markdownx preview and upload endpoints: staff only, and never a way in."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests import factories
from tests.diseasemaps.html_checks import XSS_PAYLOADS, elements, executable_markup
from tests.helpers import make_published

pytestmark = pytest.mark.django_db

PREVIEW_URL = "/markdownx/markdownify/"
UPLOAD_URL = "/markdownx/upload/"
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
FIVE_MB = 5 * 1024 * 1024


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def image_bytes(image_format: str, *, size=(12, 8), **save_options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 60)).save(
        buffer, format=image_format, **save_options
    )
    return buffer.getvalue()


def upload(client, name: str, content: bytes, content_type: str):
    file = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(UPLOAD_URL, {"image": file}, **XHR)


def stored_files(media_root: Path) -> list[Path]:
    return [path for path in media_root.rglob("*") if path.is_file()]


# Preview ------------------------------------------------------------------------


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_staff_preview_never_returns_executable_markup(client, editor, payload):
    client.force_login(editor)
    response = client.post(PREVIEW_URL, {"content": payload})
    assert response.status_code == 200
    output = response.content.decode()
    assert executable_markup(output) == []


def test_staff_preview_renders_markdown(client, editor):
    client.force_login(editor)
    response = client.post(PREVIEW_URL, {"content": "Some **bold** text"})
    assert response.content.decode() == "<p>Some <strong>bold</strong> text</p>"


@pytest.mark.parametrize("role", ["anonymous", "member", "non_staff_user"])
def test_preview_is_refused_to_everyone_but_staff(client, role):
    if role == "member":
        client.force_login(factories.MemberFactory())
    elif role == "non_staff_user":
        client.force_login(factories.UserFactory())
    response = client.post(PREVIEW_URL, {"content": "Some **bold** text"})
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/login/" in response["Location"]
    assert b"<strong>bold</strong>" not in response.content


# Upload -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image_format", "name", "content_type", "extension"),
    [
        ("PNG", "chart.png", "image/png", ".png"),
        ("JPEG", "photo.jpg", "image/jpeg", ".jpg"),
        ("WEBP", "figure.webp", "image/webp", ".webp"),
    ],
)
def test_staff_can_upload_png_jpeg_and_webp(
    client, editor, _media_root, image_format, name, content_type, extension
):
    client.force_login(editor)
    response = upload(client, name, image_bytes(image_format), content_type)
    assert response.status_code == 200
    image_code = response.json()["image_code"]
    assert image_code.startswith("![](/media/uploads/")
    assert image_code.endswith(f"{extension})")
    (stored,) = stored_files(_media_root)
    assert stored.suffix == extension
    with Image.open(stored) as image:
        assert (image.format, image.size) == (image_format, (12, 8))


def test_upload_drops_the_photo_metadata(client, editor, _media_root):
    exif = Image.Exif()
    exif[0x010F] = "Camera maker that tells where you live"
    client.force_login(editor)
    content = image_bytes("JPEG", exif=exif.tobytes())
    assert b"Camera maker" in content
    response = upload(client, "photo.jpg", content, "image/jpeg")
    assert response.status_code == 200
    (stored,) = stored_files(_media_root)
    assert b"Camera maker" not in stored.read_bytes()


def test_image_of_exactly_five_mb_is_accepted(client, editor, _media_root):
    content = image_bytes("PNG")
    content += b"\0" * (FIVE_MB - len(content))
    client.force_login(editor)
    response = upload(client, "big.png", content, "image/png")
    assert response.status_code == 200
    assert len(stored_files(_media_root)) == 1


def gif_bytes() -> bytes:
    return image_bytes("GIF")


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        pytest.param(
            "notes.png", b"just some text, not an image", "image/png", id="text"
        ),
        pytest.param("animation.gif", gif_bytes(), "image/gif", id="gif"),
        pytest.param("animation.png", gif_bytes(), "image/png", id="gif-as-png"),
        pytest.param("drawing.svg", SVG, "image/svg+xml", id="svg"),
        pytest.param("drawing.png", SVG, "image/png", id="svg-as-png"),
        pytest.param(
            "truncated.png",
            image_bytes("PNG", size=(300, 300))[:200],
            "image/png",
            id="truncated-png",
        ),
        pytest.param(
            "huge.png",
            image_bytes("PNG") + b"\0" * FIVE_MB,
            "image/png",
            id="over-5mb",
        ),
    ],
)
def test_upload_refuses_anything_but_a_decodable_image_up_to_5mb(
    client, editor, _media_root, name, content, content_type
):
    client.force_login(editor)
    response = upload(client, name, content, content_type)
    assert response.status_code == 400
    assert "image" in response.json()
    assert stored_files(_media_root) == []


@pytest.mark.parametrize("role", ["anonymous", "member", "non_staff_user"])
def test_upload_is_refused_to_everyone_but_staff(client, _media_root, role):
    if role == "member":
        client.force_login(factories.MemberFactory())
    elif role == "non_staff_user":
        client.force_login(factories.UserFactory())
    response = upload(client, "chart.png", image_bytes("PNG"), "image/png")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/login/" in response["Location"]
    assert b"image_code" not in response.content
    assert stored_files(_media_root) == []


def test_upload_needs_a_post(client, editor):
    client.force_login(editor)
    assert client.get(UPLOAD_URL, **XHR).status_code == 405


def test_upload_errors_are_json_for_the_editor(client, editor):
    client.force_login(editor)
    response = upload(client, "notes.png", b"not an image", "image/png")
    assert json.loads(response.content) == {
        "image": ["The file is not an image that can be read."]
    }


# Serving ------------------------------------------------------------------------


def uploaded_image_url(client, editor, image_format="PNG", name="chart.png") -> str:
    client.force_login(editor)
    content_type = f"image/{image_format.lower()}"
    image_code = upload(client, name, image_bytes(image_format), content_type).json()[
        "image_code"
    ]
    client.logout()
    return image_code.removeprefix("![](").removesuffix(")")


@pytest.mark.parametrize(
    ("image_format", "name", "content_type"),
    [
        ("PNG", "chart.png", "image/png"),
        ("JPEG", "photo.jpg", "image/jpeg"),
        ("WEBP", "figure.webp", "image/webp"),
    ],
)
def test_an_uploaded_image_is_served_to_every_reader(
    client, editor, image_format, name, content_type
):
    url = uploaded_image_url(client, editor, image_format, name)

    response = client.get(url)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "public" in response.headers["Cache-Control"]
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        assert image.format == image_format


def test_an_image_shown_on_a_public_page_is_served(client, editor, reviewer):
    url = uploaded_image_url(client, editor)
    published = make_published(
        editor=editor, reviewer=reviewer, body=f"A chart:\n\n![A chart]({url})"
    )
    (image,) = elements(client.get(published.question.get_absolute_url()).text, "img")

    assert client.get(image["src"]).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/media/uploads/0123456789abcdef0123456789abcdef.png",
        "/media/uploads/../../manage.py",
        "/media/uploads/0123456789abcdef0123456789abcdef.svg",
        "/media/uploads/notes.txt",
        "/media/other/0123456789abcdef0123456789abcdef.png",
    ],
)
def test_only_stored_images_are_served(client, _media_root, path):
    (_media_root / "uploads").mkdir()
    (_media_root / "uploads" / "notes.txt").write_text("not an image")

    assert client.get(path).status_code == 404
