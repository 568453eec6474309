"""Reads for the review screen: the text to sign as readers will see it, what
changed since the live copy and since the reviewer last signed, the
references with their links, and readability figures.

The text to sign is shown from the HTML stored with it: for the working copy,
the HTML ``workflow.submit`` rendered when it was sent to review (which
publishing copies to the live copy); for the live text, the live copy's.
Only when there is none by the current renderer is the body rendered here.

Reads only; the admin view renders them (``reviews.admin.answers``).
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from articles.models import Answer, PublishedAnswer
from articles.rendering import html_sent_to_review
from articles.selectors import linked_references
from core.markdown import (
    RENDERER_VERSION,
    render_markdown,
    render_markdown_changes,
    stored_html,
)
from reviews import answer_state, answer_texts, workflow
from reviews.models import SignOff
from reviews.readability import (
    Readability,
    readability_of_markdown,
    readability_of_plain_text,
)

__all__ = ["Comparison", "ReviewScreen", "comparison_sections", "review_screen"]

DECISIONS = ("approve", "request_changes", "recertify")
SHORT_FINGERPRINT = 8


@dataclass(frozen=True)
class Comparison:
    """What changed from an earlier text to the text to sign."""

    title: str
    since: str
    sections: list[dict]

    @property
    def changed(self) -> bool:
        return any(section["changed"] for section in self.sections)


@dataclass(frozen=True)
class ReviewScreen:
    answer: Answer
    live: PublishedAnswer | None
    signs_live_text: bool
    texts: dict[str, str]
    body_html: SafeString
    references: list[dict]
    fingerprint: str
    shown: answer_state.ShownText
    decisions: list[str]
    comparisons: list[Comparison]
    last_signed: SignOff | None
    tldr_readability: Readability
    body_readability: Readability
    refusals: list[str]

    @property
    def short_fingerprint(self) -> str:
        return self.fingerprint[:SHORT_FINGERPRINT]


def comparison_sections(old: dict[str, str], new: dict[str, str]) -> list[dict]:
    """The comparison's sections, the body also rendered as readers see it.

    Rendered on each view: a comparison is the difference of two texts, not a
    version of the answer, so there is no stored HTML of it to show.
    """
    sections = answer_texts.compare(old, new)
    for section in sections:
        if section["name"] == "body":
            section["rendered"] = render_markdown_changes(
                section["segments"], added=_("added:"), removed=_("removed:")
            )
    return sections


def _last_signed(answer: Answer, user: AbstractBaseUser) -> SignOff | None:
    return (
        SignOff.objects.filter(answer=answer, reviewer=user, version__isnull=False)
        .select_related("version__revision")
        .order_by("-pk")
        .first()
    )


def _body_html(
    answer: Answer,
    live: PublishedAnswer | None,
    *,
    signs_live_text: bool,
    fingerprint: str,
    body: str,
) -> SafeString:
    """The body to sign as readers will see it: the HTML stored with that very
    text by the current renderer, or else rendered now."""
    if signs_live_text:
        if live.renderer_version == RENDERER_VERSION:
            return stored_html(live.body_html)
    else:
        stored = html_sent_to_review(answer, fingerprint=fingerprint)
        if stored is not None:
            return stored_html(stored["body_html"])
    return render_markdown(body)


def review_screen(answer: Answer, user: AbstractBaseUser) -> ReviewScreen:
    """Everything the review screen shows ``user`` about ``answer``.

    The text to sign is the working copy, unless the only decision left to
    the reviewer is re-certifying the live text: then it is the live copy.
    """
    live = answer_state.live_copy(answer)
    allowed = workflow.allowed_transitions(answer, user)
    # The screen shows one text: the working copy under review, or else the
    # live text that may be re-certified.
    decisions = [name for name in DECISIONS[:2] if name in allowed] or [
        name for name in DECISIONS[2:] if name in allowed
    ]
    signs_live_text = decisions == ["recertify"] and live is not None
    if signs_live_text:
        texts = answer_texts.live_texts(live)
        references = live.references
        fingerprint = answer_state.live_fingerprint(live)
    else:
        texts = answer_texts.current_texts(answer)
        references = answer_state.reference_dicts(answer)
        fingerprint = answer_state.current_fingerprint(answer)
    comparisons = []
    if live is not None and not signs_live_text:
        comparisons.append(
            Comparison(
                _("Since the live copy"),
                _("published on %(date)s")
                % {"date": live.published_at.strftime("%Y-%m-%d")},
                comparison_sections(answer_texts.live_texts(live), texts),
            )
        )
    last_signed = _last_signed(answer, user)
    if last_signed is not None:
        signed = last_signed.version
        comparisons.append(
            Comparison(
                _("Since you last signed it"),
                _("%(decision)s on %(date)s")
                % {
                    "decision": last_signed.get_decision_display(),
                    "date": last_signed.signed_at.strftime("%Y-%m-%d"),
                },
                comparison_sections(
                    answer_texts.version_texts([signed])[signed.pk], texts
                ),
            )
        )
    return ReviewScreen(
        answer=answer,
        live=live,
        signs_live_text=signs_live_text,
        texts=texts,
        body_html=_body_html(
            answer,
            live,
            signs_live_text=signs_live_text,
            fingerprint=fingerprint,
            body=texts["body"],
        ),
        references=linked_references(references),
        fingerprint=fingerprint,
        shown=answer_state.text_shown_with(answer, live),
        decisions=decisions,
        comparisons=comparisons,
        last_signed=last_signed,
        tldr_readability=readability_of_plain_text(texts["tldr"]),
        body_readability=readability_of_markdown(texts["body"]),
        refusals=workflow.sign_off_refusals(answer, user, live),
    )
