"""JSON-LD on answer and condition pages: schema.org, from the live copy only."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from articles import structured_data
from core import clock
from reviews import workflow
from tests import factories
from tests.diseasemaps.html_checks import elements
from tests.helpers import edit, make_published

pytestmark = pytest.mark.django_db

PUBLISHED_AT = datetime.datetime(2024, 3, 5, 10, 0, tzinfo=datetime.UTC)
RECERTIFIED_AT = datetime.datetime(2025, 2, 1, 9, 0, tzinfo=datetime.UTC)
JSON_LD = re.compile(
    r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL | re.IGNORECASE
)


def json_ld(response) -> list[dict]:
    """Every JSON-LD document on the page, parsed."""
    return [json.loads(block) for block in JSON_LD.findall(response.content.decode())]


@pytest.fixture
def published(editor, reviewer):
    condition = factories.ConditionFactory(
        name="Parry-Romberg syndrome",
        slug="parry-romberg-syndrome",
        other_names="Progressive hemifacial atrophy\nRomberg syndrome",
        icd10_code="G51.8",
        orpha_code="1827",
    )
    question = factories.QuestionFactory(
        condition=condition,
        text="What is the underlying cause of Parry-Romberg syndrome?",
        slug="cause",
    )
    with clock.recorded_at(PUBLISHED_AT):
        return make_published(
            editor=editor,
            reviewer=reviewer,
            question=question,
            tldr="Nobody knows for sure yet.",
        )


def test_answer_page_is_a_medical_web_page(client, published, reviewer):
    response = client.get(published.question.get_absolute_url())
    (page,) = json_ld(response)
    profile = reviewer.reviewer_profile
    assert page["@context"] == "https://schema.org"
    assert page["@type"] == "MedicalWebPage"
    assert page["url"] == "http://testserver/conditions/parry-romberg-syndrome/cause/"
    assert page["lastReviewed"] == "2024-03-05"
    assert page["dateModified"] == "2024-03-05"
    assert page["reviewedBy"] == {
        "@type": "Person",
        "name": profile.full_name,
        "honorificSuffix": "MD",
        "url": f"http://testserver{profile.get_absolute_url()}",
    }
    assert page["about"]["@type"] == "MedicalCondition"
    assert page["about"]["name"] == "Parry-Romberg syndrome"
    assert page["about"]["alternateName"] == [
        "Progressive hemifacial atrophy",
        "Romberg syndrome",
    ]
    question = page["mainEntity"]
    assert question["@type"] == "Question"
    assert question["name"] == "What is the underlying cause of Parry-Romberg syndrome?"
    assert question["acceptedAnswer"]["@type"] == "Answer"
    assert question["acceptedAnswer"]["text"] == "Nobody knows for sure yet."


def test_recertifying_moves_last_reviewed_not_date_modified(
    client, published, other_reviewer
):
    with clock.recorded_at(RECERTIFIED_AT):
        workflow.recertify(
            published, shown=workflow.shown_text(published), user=other_reviewer
        )
    (page,) = json_ld(client.get(published.question.get_absolute_url()))
    assert page["lastReviewed"] == "2025-02-01"
    assert page["dateModified"] == "2024-03-05"
    assert page["reviewedBy"]["name"] == other_reviewer.reviewer_profile.full_name


def test_reviewer_is_named_as_at_sign_off(client, published, reviewer):
    profile = reviewer.reviewer_profile
    signed_as = profile.full_name
    profile.full_name = "Dr Renamed Later"
    profile.credentials = "MD, PhD"
    profile.save()
    (page,) = json_ld(client.get(published.question.get_absolute_url()))
    assert page["reviewedBy"]["name"] == signed_as
    assert page["reviewedBy"]["honorificSuffix"] == "MD"


def test_reviewer_without_a_profile_has_no_profile_url(client, editor):
    reviewer = factories.UserFactory(
        first_name="Ann", last_name="Lee", is_staff=True, groups=["Medical reviewers"]
    )
    answer = make_published(editor=editor, reviewer=reviewer)
    (page,) = json_ld(client.get(answer.question.get_absolute_url()))
    assert page["reviewedBy"] == {"@type": "Person", "name": "Ann Lee"}


def test_structured_data_never_shows_the_working_copy(
    client, published, editor, other_reviewer
):
    url = published.question.get_absolute_url()
    edit(published, user=editor, tldr="UNPUBLISHED-TLDR", body="UNPUBLISHED-BODY")
    workflow.submit(published, user=editor)
    workflow.approve(
        published, shown=workflow.shown_text(published), user=other_reviewer
    )
    assert b"UNPUBLISHED" not in client.get(url).content
    (page,) = json_ld(client.get(url))
    assert page["mainEntity"]["acceptedAnswer"]["text"] == "Nobody knows for sure yet."

    workflow.publish(published, shown=workflow.shown_text(published), user=editor)
    (page,) = json_ld(client.get(url))
    assert page["mainEntity"]["acceptedAnswer"]["text"] == "UNPUBLISHED-TLDR"


def test_content_cannot_break_out_of_the_script_element(client, editor, reviewer):
    hostile = "</script><script>alert(1)</script><!-- & "
    condition = factories.ConditionFactory(name=f"Syndrome {hostile}")
    answer = make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(condition=condition, text=f"Why {hostile}?"),
        tldr=f"Because {hostile}",
    )
    response = client.get(answer.question.get_absolute_url())
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert elements(html, "script") == [{"type": "application/ld+json"}]
    (page,) = json_ld(response)
    assert page["mainEntity"]["acceptedAnswer"]["text"] == f"Because {hostile}"
    assert page["about"]["name"] == f"Syndrome {hostile}"


def test_script_escapes_what_html_could_act_on():
    tag = structured_data.script({"text": "</script><!--&"})
    assert tag == (
        '<script type="application/ld+json">'
        '{"text": "\\u003C/script\\u003E\\u003C!--\\u0026"}</script>'
    )


def test_condition_page_is_a_medical_condition(client, published):
    condition = published.question.condition
    (data,) = json_ld(client.get(condition.get_absolute_url()))
    assert data == {
        "@context": "https://schema.org",
        "@type": "MedicalCondition",
        "name": "Parry-Romberg syndrome",
        "url": "http://testserver/conditions/parry-romberg-syndrome/",
        "alternateName": ["Progressive hemifacial atrophy", "Romberg syndrome"],
        "code": [
            {"@type": "MedicalCode", "codeValue": "G51.8", "codingSystem": "ICD-10"},
            {"@type": "MedicalCode", "codeValue": "1827", "codingSystem": "ORPHA"},
        ],
    }


def test_condition_without_other_names_or_codes_leaves_them_out(
    client, editor, reviewer
):
    condition = factories.ConditionFactory(other_names="")
    make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(condition=condition),
    )
    (data,) = json_ld(client.get(condition.get_absolute_url()))
    assert "alternateName" not in data
    assert "code" not in data


@pytest.mark.parametrize("page", ["home", "index", "reviewer"])
def test_other_pages_carry_no_structured_data(client, published, reviewer, page):
    url = {
        "home": reverse("home"),
        "index": reverse("articles:condition_index"),
        "reviewer": reviewer.reviewer_profile.get_absolute_url(),
    }[page]
    assert json_ld(client.get(url)) == []
