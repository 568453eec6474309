"""JSON-LD on answer and condition pages: schema.org, from the live copy only."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from articles import structured_data
from core import clock
from core.markdown import render_plain_text
from reviews import workflow
from tests import factories
from tests.articles import schema_org
from tests.diseasemaps.html_checks import elements
from tests.helpers import edit, make_published, publish_new_text

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
    assert page["datePublished"] == "2024-03-05"
    registration = profile.registrations.get()
    assert page["reviewedBy"] == {
        "@type": "Person",
        "name": profile.full_name,
        "honorificSuffix": "MD",
        "url": f"http://testserver{profile.get_absolute_url()}",
        "knowsAbout": "Clinical genetics",
        "hasCredential": {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": "Professional registration",
            "identifier": registration.number,
            "recognizedBy": {
                "@type": "Organization",
                "name": "General Medical Council",
            },
            "validIn": {"@type": "AdministrativeArea", "name": "United Kingdom"},
            "expires": registration.valid_until.isoformat(),
        },
    }
    assert page["publisher"] == {
        "@type": "Organization",
        "name": "DiseaseMaps",
        "url": "http://testserver/",
    }
    assert page["author"]["@type"] == "Organization"
    assert page["author"]["name"] == "DiseaseMaps editorial team"
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
    assert question["acceptedAnswer"]["text"] == (
        f"Nobody knows for sure yet.\n\n{render_plain_text(published.body)}"
    )


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
    assert page["mainEntity"]["acceptedAnswer"]["text"].startswith(
        "Nobody knows for sure yet.\n\n"
    )

    workflow.publish(published, shown=workflow.shown_text(published), user=editor)
    (page,) = json_ld(client.get(url))
    assert page["mainEntity"]["acceptedAnswer"]["text"] == (
        "UNPUBLISHED-TLDR\n\nUNPUBLISHED-BODY"
    )


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
    assert page["mainEntity"]["acceptedAnswer"]["text"].startswith(
        f"Because {hostile}\n\n"
    )
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


@pytest.mark.parametrize("page", ["home", "index"])
def test_other_pages_carry_no_structured_data(client, published, page):
    url = {
        "home": reverse("home"),
        "index": reverse("articles:condition_index"),
    }[page]
    assert json_ld(client.get(url)) == []


# Every type and property as schema.org defines it ----------------------------------


def test_vocabulary_check_follows_the_type_hierarchy():
    # ``name`` is a property of Thing, four levels above MedicalWebPage.
    assert {"Thing", "CreativeWork", "WebPage"} <= schema_org.supertypes(
        "MedicalWebPage"
    )
    assert list(schema_org.problems({"@type": "MedicalWebPage", "name": "x"})) == []


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"@type": "Persn", "name": "x"}, "$: no schema.org type Persn"),
        ({"@type": "Person", "nickName": "x"}, "$.nickName: no schema.org property"),
        (
            {"@type": "Person", "medicalSpecialty": "x"},
            "$.medicalSpecialty: not a property of Person",
        ),
        (
            {"@type": "Question", "acceptedAnswer": {"@type": "Answer", "age": 3}},
            "$.acceptedAnswer.age: no schema.org property",
        ),
    ],
)
def test_vocabulary_check_finds_what_schema_org_does_not_define(data, problem):
    found = list(schema_org.problems(data))
    assert found
    assert found[0].startswith(problem)


def test_answer_page_uses_only_schema_org_terms(client, published):
    (page,) = json_ld(client.get(published.question.get_absolute_url()))
    assert "hasCredential" in page["reviewedBy"]
    assert list(schema_org.problems(page)) == []


def test_reviewer_page_is_a_person_in_schema_org_terms(client, published, reviewer):
    profile = reviewer.reviewer_profile
    registration = profile.registrations.get()
    (person,) = json_ld(client.get(profile.get_absolute_url()))
    assert person["@type"] == "Person"
    assert person["name"] == profile.full_name
    assert person["knowsAbout"] == "Clinical genetics"
    assert person["hasCredential"]["identifier"] == registration.number
    assert person["hasCredential"]["expires"] == registration.valid_until.isoformat()
    assert list(schema_org.problems(person)) == []


def test_date_published_stays_the_first_publication(
    client, published, editor, other_reviewer
):
    with clock.recorded_at(RECERTIFIED_AT):
        publish_new_text(
            published, editor=editor, reviewer=other_reviewer, tldr="Known now."
        )
    (page,) = json_ld(client.get(published.question.get_absolute_url()))
    assert page["datePublished"] == "2024-03-05"
    assert page["dateModified"] == "2025-02-01"
