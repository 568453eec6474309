"""Image upload for the markdownx editor: staff only, PNG, JPEG or WebP, at most 5 MB.

markdownx's own form trusts the content type the browser sends and opens the
file only when saving it, so a text file named ``.png`` ends in a server error
and a GIF sent as ``image/png`` is stored. This form decodes the file with
Pillow, keeps only the allowed formats, and stores a fresh encoding of the
pixels: metadata such as a photo's location and anything appended to the
image are dropped.

The stored images are served by :func:`serve_upload`, in development and
under gunicorn alike, from the default storage (``MEDIA_ROOT`` unless the
deployment configures another backend). Their names are random and never
reused, so browsers and CDNs may keep them for a year.
"""

import io
import uuid

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from PIL import Image, ImageOps, UnidentifiedImageError

from core.two_factor import staff_required

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}
# What :meth:`ImageUploadForm.save` names a file: 32 hex digits and an extension.
UPLOAD_NAME_PATTERN = r"[0-9a-f]{32}\.(?:png|jpg|webp)"
UPLOAD_MAX_AGE = 365 * 24 * 60 * 60

TOO_LARGE = _("The image is larger than 5 MB. Please upload a smaller one.")
NOT_AN_IMAGE = _("The file is not an image that can be read.")
WRONG_FORMAT = _("Upload a PNG, JPEG or WebP image.")
TOO_MANY_PIXELS = _("The image has too many pixels. Please upload a smaller one.")


def _decode(upload) -> Image.Image:
    """Open and fully decode the upload, refusing anything but the allowed formats."""
    try:
        image = Image.open(upload)
        if image.format not in EXTENSIONS:
            raise forms.ValidationError(WRONG_FORMAT, code="format")
        if image.width * image.height > MAX_PIXELS:
            raise forms.ValidationError(TOO_MANY_PIXELS, code="pixels")
        image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError):
        raise forms.ValidationError(NOT_AN_IMAGE, code="invalid") from None
    return image


class ImageUploadForm(forms.Form):
    image = forms.FileField()

    def clean_image(self):
        upload = self.cleaned_data["image"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(TOO_LARGE, code="size")
        self.decoded = _decode(upload)
        return upload

    def save(self) -> str:
        """Store a fresh encoding of the image and return its URL."""
        image_format = self.decoded.format
        pixels = ImageOps.exif_transpose(self.decoded)
        if image_format == "JPEG" and pixels.mode not in ("RGB", "L"):
            pixels = pixels.convert("RGB")
        buffer = io.BytesIO()
        pixels.save(buffer, format=image_format)
        name = f"{uuid.uuid4().hex}.{EXTENSIONS[image_format]}"
        stored = default_storage.save(
            settings.MARKDOWNX_MEDIA_PATH + name, ContentFile(buffer.getvalue())
        )
        return default_storage.url(stored)


@require_POST
@staff_required
def image_upload(request):
    """Answer as markdownx does: the image's markdown, or the errors (400)."""
    form = ImageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse(form.errors, status=400)
    return JsonResponse({"image_code": f"![]({form.save()})"})


@require_GET
def serve_upload(request, name: str):
    """Serve a stored image as the image type its name says, and nothing else.

    The URL allows only names the upload form makes, so no other file under
    the storage is reachable. ``X-Content-Type-Options: nosniff`` (sent with
    every response) stops a browser reading the bytes as anything but an image.
    """
    path = settings.MARKDOWNX_MEDIA_PATH + name
    try:
        stored = default_storage.open(path)
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(stored, content_type=CONTENT_TYPES[name.rsplit(".", 1)[1]])
    patch_cache_control(response, public=True, max_age=UPLOAD_MAX_AGE, immutable=True)
    return response
