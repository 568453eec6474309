"""The HTML of the text the public reads, rendered once when it is written.

Pages show the stored HTML and never run the markdown renderer. The text an
answer sends to review is rendered then (``reviews.workflow.submit`` stores it
with that version's ``AnswerRevision``): the review screen shows it, and
publishing that text copies it to the live copy, so readers get the HTML the
reviewer read. A live copy whose text has no such HTML (sent to review before
it was stored, or by an older renderer) is rendered at publication
(``reviews.workflow.publish``); a condition's summary and the site disclaimer
at each save (their models' ``save()``).
When the renderer or its allow-list changes (``core.markdown.RENDERER_VERSION``),
:func:`rerender_all` renders everything again.
"""

from django.template.loader import render_to_string

from articles.models import Answer, AnswerRevision, Disclaimer, PublishedAnswer
from articles.selectors import linked_references
from conditions.models import Condition
from core.markdown import RENDERER_VERSION, render_markdown
from core.rerender import BATCH_SIZE, Rerendered, rerender

REFERENCE_LIST_TEMPLATE = "includes/reference_list.html"
LIVE_COPY_HTML_FIELDS = ["body_html", "references_html", "renderer_version"]


def live_copy_html(*, body: str, references: list[dict]) -> dict:
    """The stored HTML of a live copy's body and references, with the version."""
    reference_list = render_to_string(
        REFERENCE_LIST_TEMPLATE, {"references": linked_references(references)}
    )
    return {
        "body_html": render_markdown(body),
        # The template's final newline is the page's, before the closing </ol>.
        "references_html": reference_list.removesuffix("\n"),
        "renderer_version": RENDERER_VERSION,
    }


def html_sent_to_review(answer: Answer, *, fingerprint: str) -> dict | None:
    """The HTML stored when the answer's text with ``fingerprint`` was sent to
    review, as :func:`live_copy_html` made it, if the current renderer made it.

    ``None`` when there is none: the text was never sent to review, or before
    its HTML was stored, or the renderer has changed since. The same text
    renders to the same HTML, so the latest of several is as good as any.
    """
    return (
        AnswerRevision.objects.filter(
            answer=answer, fingerprint=fingerprint, renderer_version=RENDERER_VERSION
        )
        .order_by("-pk")
        .values(*LIVE_COPY_HTML_FIELDS)
        .first()
    )


def render_live_copy(live: PublishedAnswer, *, reviewed: dict | None = None) -> None:
    """Fill the live copy's stored HTML from its text.

    ``reviewed`` is the HTML stored when this very text was sent to review
    (:func:`html_sent_to_review`, looked up by the fingerprint the caller
    checked): copied as it is when the current renderer made it, so readers
    get byte for byte what the reviewer read; otherwise the text is rendered.

    Reads and sets plain fields only, so a migration's historical model will do.
    """
    if reviewed is not None and reviewed["renderer_version"] == RENDERER_VERSION:
        rendered = {name: reviewed[name] for name in LIVE_COPY_HTML_FIELDS}
    else:
        rendered = live_copy_html(body=live.body, references=live.references)
    for name, value in rendered.items():
        setattr(live, name, value)


def rerender_all(*, batch_size: int = BATCH_SIZE) -> dict[str, Rerendered]:
    """Render the live copies, the conditions' summaries and the disclaimer
    again with the current renderer; the counts per kind of row."""
    return {
        "live copies": rerender(
            PublishedAnswer.objects.all(),
            source=["body", "references"],
            stored=LIVE_COPY_HTML_FIELDS,
            render=render_live_copy,
            batch_size=batch_size,
        ),
        "condition summaries": rerender(
            Condition.objects.all(),
            source=["summary"],
            stored=["summary_html", "renderer_version"],
            render=Condition.render_html,
            batch_size=batch_size,
        ),
        "disclaimers": rerender(
            Disclaimer.objects.all(),
            source=["text"],
            stored=["text_html", "renderer_version"],
            render=Disclaimer.render_html,
            batch_size=batch_size,
        ),
    }
