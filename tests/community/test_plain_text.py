"""An experience is plain text wherever it is shown: never markup, never a link."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.models import Question
from tests.arranged import arrange_users, arranging, kept_for_module, user_fixture
from tests.community.helpers import approved, experiences_url
from tests.diseasemaps.html_checks import XSS_PAYLOADS, executable_markup, page_text
from tests.helpers import make_published

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def arranged(django_db_setup, django_db_blocker):
    """The member, the editor and the published question every payload is
    shared on, arranged once for the module."""
    with kept_for_module(django_db_blocker), arranging():
        users = arrange_users("member", "editor", "reviewer")
        answer = make_published(
            editor=get_user_model().objects.get(pk=users["editor"]),
            reviewer=get_user_model().objects.get(pk=users["reviewer"]),
        )
        yield {"users": users, "question": answer.question_id}


member = user_fixture("member")
editor = user_fixture("editor")


@pytest.fixture
def published_question(db, arranged):
    return Question.objects.get(pk=arranged["question"])


PADDING = " That is what I typed, and it should be read as it is."


def shown_texts(html: str) -> list[str]:
    """The markup of every element that shows an experience's text."""
    return re.findall(
        r'<(?:p|blockquote|div) class="experience-text">.*?</(?:p|blockquote|div)>',
        html,
        re.DOTALL,
    )


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_experience_becomes_markup_where_it_is_shown(
    client, member, editor, published_question, payload
):
    text = payload + PADDING
    experience = approved(published_question, member=member, editor=editor, text=text)
    client.force_login(member)
    pages = [
        client.get(url).text
        for url in [
            experiences_url(published_question),
            reverse("community:account"),
            reverse("community:experience_delete", kwargs={"pk": experience.pk}),
        ]
    ]
    client.force_login(editor)
    pages.append(
        client.get(
            reverse("admin:community_experience_change", args=[experience.pk])
        ).text
    )

    for html in pages:
        (shown,) = shown_texts(html)
        assert executable_markup(shown) == []
        assert "<a " not in shown
        # Line breaks become <br>: compare the characters, not the spacing.
        assert "".join(page_text(shown).split()) == "".join(text.split())
