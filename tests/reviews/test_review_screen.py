"""The review screen: the text to sign as readers will see it, what changed,
the references to check, and the decision."""

import contextlib
import re

import pytest
from django.urls import reverse

from articles.models import Answer, AnswerRevision, PublishedAnswer
from core import markdown
from core.markdown import RENDERER_VERSION
from reviews import workflow
from reviews.models import SignOff
from tests.core.test_reauthentication import authenticated_ago
from tests.diseasemaps.html_checks import page_text
from tests.helpers import (
    DEFAULT_REFERENCES,
    edit,
    make_in_review,
    make_published,
    open_recertification,
)

pytestmark = pytest.mark.django_db

ONE_TABLET = "Take **1 tablet** a day.\n\nWith food."
TEN_TABLETS = "Take **10 tablets** a day.\n\nWith food."


def review_url(answer: Answer) -> str:
    return reverse("admin:articles_answer_review", args=[answer.pk])


def decision_url(answer: Answer, name: str) -> str:
    return reverse("admin:articles_answer_transition", args=[answer.pk, name])


def open_screen(client, user, answer: Answer, query: str = ""):
    client.force_login(user)
    authenticated_ago(client, 0)
    response = client.get(review_url(answer) + query)
    assert response.status_code == 200
    return response


def form_fields(html: str, form_id: str) -> dict:
    """The hidden fields of one form on the screen, as a browser posts them."""
    form = re.search(rf'<form [^>]*id="{form_id}".*?</form>', html, re.DOTALL)
    assert form, f"no form {form_id}"
    return dict(
        re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form[0])
    )


@pytest.fixture
def reworded(editor, reviewer):
    """A published answer whose new text is in review."""
    answer = make_published(editor=editor, reviewer=reviewer, body=ONE_TABLET)
    edit(answer, user=editor, body=TEN_TABLETS)
    workflow.submit(answer, user=editor)
    return answer


def test_the_screen_shows_the_text_as_readers_will_see_it(
    client, other_reviewer, reworded
):
    html = open_screen(client, other_reviewer, reworded).text

    shown = workflow.shown_text(reworded)
    assert f"You are signing text <code>{shown.fingerprint[:8]}…</code>" in html
    assert '<h3 id="review-question">' + reworded.question.text in html
    assert "<p>Take <strong>10 tablets</strong> a day.</p>" in html
    assert "Short answer · Medically reviewed summary" in html


def test_the_screen_shows_what_changed_since_the_live_copy_rendered_and_as_markdown(
    client, other_reviewer, reworded
):
    rendered = open_screen(client, other_reviewer, reworded).text
    as_markdown = open_screen(client, other_reviewer, reworded, "?diff=markdown").text

    assert "Since the live copy" in rendered
    assert (
        '<strong><del><span class="visually-hidden">removed: </span>1 tablet</del>'
        '<ins><span class="visually-hidden">added: </span>10 tablets</ins></strong>'
    ) in rendered
    assert "**" not in rendered.split("Since the live copy")[1].split("References")[0]
    assert '<ins><span class="visually-hidden">added: </span>10 tablets</ins>' in (
        as_markdown
    )
    assert "**" in as_markdown.split("Since the live copy")[1]


def test_the_screen_shows_what_changed_since_this_reviewer_last_signed(
    client, editor, reviewer
):
    answer = make_in_review(editor=editor, body=ONE_TABLET)
    workflow.request_changes(
        answer, user=reviewer, shown=workflow.shown_text(answer), comment="Dose?"
    )
    edit(answer, user=editor, body=TEN_TABLETS)
    workflow.submit(answer, user=editor)

    text = page_text(open_screen(client, reviewer, answer).text)

    assert "Since you last signed it (Changes requested on" in text
    assert "Body Take removed: 1 tabletadded: 10 tablets a day." in text
    assert "Since the live copy" not in text


def test_references_link_to_their_resolvers_with_a_check_box_each(
    client, other_reviewer, reworded
):
    html = open_screen(client, other_reviewer, reworded).text
    reference = DEFAULT_REFERENCES[0]

    assert f'href="https://doi.org/{reference["doi"]}"' in html
    assert f'href="https://pubmed.ncbi.nlm.nih.gov/{reference["pmid"]}/"' in html
    assert (
        '<input type="checkbox" name="verified_reference" value="1" '
        'id="verified-1" form="review-approve">'
    ) in html


def test_approve_and_request_changes_are_two_distinct_forms(
    client, other_reviewer, reworded
):
    html = open_screen(client, other_reviewer, reworded).text

    approve = re.search(r'<form [^>]*id="review-approve".*?</form>', html, re.DOTALL)[0]
    request = re.search(
        r'<form [^>]*id="review-request_changes".*?</form>', html, re.DOTALL
    )[0]
    assert "Approve this text" in approve and "review-decision-approve" in html
    assert "<textarea" in request and " required>" in request
    assert 'data-transition="request_changes"' in request
    assert "recertify" not in html.split('id="decision-heading"')[1]


def test_approving_from_the_screen_keeps_the_ticked_references_with_the_sign_off(
    client, other_reviewer, reworded
):
    html = open_screen(client, other_reviewer, reworded).text

    response = client.post(
        decision_url(reworded, "approve"),
        {**form_fields(html, "review-approve"), "verified_reference": ["1"]},
    )

    assert response.status_code == 302
    assert response["Location"] == review_url(reworded)
    sign_off = SignOff.objects.filter(answer=reworded).latest("pk")
    assert (sign_off.decision, sign_off.verified_references) == ("approve", [1])


def test_a_reference_the_text_does_not_have_cannot_be_marked_verified(
    client, other_reviewer, reworded
):
    html = open_screen(client, other_reviewer, reworded).text
    before = SignOff.objects.count()

    response = client.post(
        decision_url(reworded, "approve"),
        {**form_fields(html, "review-approve"), "verified_reference": ["2"]},
        follow=True,
    )

    assert workflow.UNKNOWN_REFERENCE in response.text
    assert SignOff.objects.count() == before


def test_requesting_changes_without_a_comment_is_refused(
    client, other_reviewer, reworded
):
    html = open_screen(client, other_reviewer, reworded).text
    before = SignOff.objects.count()

    response = client.post(
        decision_url(reworded, "request_changes"),
        {**form_fields(html, "review-request_changes"), "comment": "  "},
        follow=True,
    )

    assert "a comment is required" in response.text
    assert SignOff.objects.count() == before
    reworded.refresh_from_db()
    assert reworded.state == Answer.State.IN_REVIEW


def test_re_certifying_from_the_screen_signs_the_live_text(
    client, editor, reviewer, other_reviewer
):
    answer = make_published(editor=editor, reviewer=reviewer, body=ONE_TABLET)
    open_recertification(answer)
    edit(answer, user=editor, body="A draft nobody has reviewed.")

    html = open_screen(client, other_reviewer, answer).text
    response = client.post(
        decision_url(answer, "recertify"), form_fields(html, "review-recertify")
    )

    assert "The live text, as readers see it" in html
    assert "<strong>1 tablet</strong>" in html
    assert "nobody has reviewed" not in html
    assert response.status_code == 302
    sign_off = SignOff.objects.filter(answer=answer).latest("pk")
    assert sign_off.decision == "recertify"


def test_an_editor_sees_the_screen_without_a_decision(client, editor, reworded):
    html = open_screen(client, editor, reworded).text

    assert "There is no decision for you to take on this answer now." in html
    assert 'id="review-approve"' not in html
    assert "verified_reference" not in html


def test_members_and_visitors_are_sent_to_sign_in(client, member, reworded):
    assert "login" in client.get(review_url(reworded))["Location"]
    client.force_login(member)
    assert "login" in client.get(review_url(reworded))["Location"]


def test_the_answer_page_links_to_the_review_screen(client, other_reviewer, reworded):
    client.force_login(other_reviewer)

    page = client.get(reverse("admin:articles_answer_change", args=[reworded.pk]))

    assert f'href="{review_url(reworded)}"' in page.text


# The text to sign is shown from the HTML stored with it ---------------------------

# Not what the renderer makes of the body: only the stored HTML has it.
STORED_BODY_HTML = "<p>Take <strong>10 tablets</strong> a day, <em>as stored</em>.</p>"


@contextlib.contextmanager
def parsed_texts():
    """Every text the markdown parser is given inside the block."""
    texts = []
    parse = markdown.markdown_to_html

    def recorded(text):
        texts.append(text)
        return parse(text)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markdown, "markdown_to_html", recorded)
        yield texts


def store_body_html(answer: Answer, **fields) -> None:
    """Give the HTML stored when the text was sent to review a mark of its own."""
    sent = AnswerRevision.objects.filter(answer=answer).exclude(renderer_version=0)
    sent.filter(pk=sent.latest("pk").pk).update(body_html=STORED_BODY_HTML, **fields)


def test_the_text_in_review_is_shown_from_the_html_stored_when_it_was_sent(
    client, other_reviewer, reworded
):
    store_body_html(reworded)

    with parsed_texts() as texts:
        html = open_screen(client, other_reviewer, reworded).text

    assert f'<div class="review-body">{STORED_BODY_HTML}</div>' in html
    assert reworded.body not in texts


def test_the_text_in_review_is_rendered_when_its_html_is_from_an_older_renderer(
    client, other_reviewer, reworded
):
    store_body_html(reworded, renderer_version=RENDERER_VERSION - 1)

    with parsed_texts() as texts:
        html = open_screen(client, other_reviewer, reworded).text

    assert "<p>Take <strong>10 tablets</strong> a day.</p>" in html
    assert "as stored" not in html
    assert reworded.body in texts


def test_a_withdrawn_and_edited_text_is_not_shown_from_the_html_stored_before(
    client, editor, other_reviewer, reworded
):
    store_body_html(reworded)
    workflow.withdraw(reworded, user=editor)
    edit(reworded, user=editor, body="Take **2 tablets** a day.")

    with parsed_texts() as texts:
        html = open_screen(client, other_reviewer, reworded).text

    assert "<p>Take <strong>2 tablets</strong> a day.</p>" in html
    assert "as stored" not in html
    assert reworded.body in texts


def test_the_live_text_to_re_certify_is_shown_from_the_live_copy_html(
    client, editor, reviewer, other_reviewer
):
    answer = make_published(editor=editor, reviewer=reviewer, body=ONE_TABLET)
    open_recertification(answer)
    PublishedAnswer.objects.filter(answer=answer).update(body_html=STORED_BODY_HTML)

    with parsed_texts() as texts:
        html = open_screen(client, other_reviewer, answer).text

    assert "The live text, as readers see it" in html
    assert f'<div class="review-body">{STORED_BODY_HTML}</div>' in html
    assert ONE_TABLET not in texts


@pytest.mark.parametrize("count", [1, 30])
def test_the_screen_queries_are_bounded(
    client, editor, reviewer, other_reviewer, django_assert_max_num_queries, count
):
    references = [
        {**DEFAULT_REFERENCES[0], "title": f"Study {number}"} for number in range(count)
    ]
    answer = make_published(
        editor=editor, reviewer=other_reviewer, references=references
    )
    edit(answer, user=editor, body="A new body.")
    workflow.submit(answer, user=editor)
    client.force_login(reviewer)

    with django_assert_max_num_queries(30):
        response = client.get(review_url(answer))

    assert response.status_code == 200
    assert response.text.count('name="verified_reference"') == count
