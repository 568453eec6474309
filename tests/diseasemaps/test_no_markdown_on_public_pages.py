"""No public page runs the markdown renderer: each shows the HTML stored when
its text was written."""

import pytest

from core import markdown
from tests.diseasemaps.public_site import build_site, public_pages
from tests.helpers import make_archived

pytestmark = pytest.mark.django_db


class RendererCalled(AssertionError):
    pass


def refuse_to_render(*args, **kwargs):
    raise RendererCalled("a public page ran the markdown renderer")


@pytest.mark.parametrize("page_cache_seconds", [0, 600])
def test_public_pages_show_stored_html(
    client, settings, editor, reviewer, managing_editor, page_cache_seconds
):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    build_site(1)
    archived = make_archived(editor=editor, reviewer=reviewer, archiver=managing_editor)
    pages = public_pages()
    # Every renderer (render_markdown, render_plain_text, the review diff)
    # goes through the parser.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markdown, "markdown_to_html", refuse_to_render)
        statuses = {name: client.get(url).status_code for name, url in pages.items()}
        gone = client.get(archived.question.get_absolute_url()).status_code

    assert statuses == dict.fromkeys(pages, 200)
    assert gone == 410


def test_every_renderer_goes_through_the_refused_parser():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markdown, "markdown_to_html", refuse_to_render)
        for render in (markdown.render_markdown, markdown.render_plain_text):
            with pytest.raises(RendererCalled):
                render("*text*")
