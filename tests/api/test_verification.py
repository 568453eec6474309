"""A republisher can prove the text they show is the text that was reviewed.

The fingerprint is recomputed here from the API's answer document alone, by
the algorithm documented in docs/content-api.md (written out again below, not
imported), and matched against the sign-off through the verify endpoint.
"""

import hashlib
import json

import pytest
from django.urls import reverse

from reviews import workflow
from reviews.models import SignOff
from tests import factories
from tests.helpers import (
    edit,
    make_approved,
    make_published,
    open_recertification,
    publish_new_text,
)

pytestmark = pytest.mark.django_db

REFERENCE_FIELDS = ("title", "source", "year", "url", "doi", "pmid")


def lines(text: str) -> str:
    return text.replace("\r\n", "\n")


def recompute(document: dict) -> str:
    """The documented algorithm, from an answer document, in its scheme."""
    scheme = document["fingerprint"]["scheme"]
    canonical = {
        "tldr": lines(document["tldr"]),
        "body": lines(document["body"]["markdown"]),
        "references": [
            {field: reference[field] for field in REFERENCE_FIELDS}
            for reference in document["references"]
        ],
    }
    if scheme >= 2:
        canonical["question"] = lines(document["question"])
        canonical["kind_label"] = lines(document["label"])
        canonical["scheme"] = scheme
    if scheme >= 3:
        canonical["change_note"] = lines(document["changeNote"])
    encoded = json.dumps(
        canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def verify(client, answer_id: int, fingerprint: str):
    return client.get(
        reverse("api:answer_verify", args=[answer_id]), {"fingerprint": fingerprint}
    )


def test_an_answer_republished_from_the_api_alone_verifies(
    client, editor, reviewer, condition
):
    answer = make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(
            condition=condition, text="Is it inherited – ever?"
        ),
        tldr="Rarely; «most» cases are sporadic.\r\nSee below.",
        body="## Inheritance\n\nMost cases are *sporadic*.",
        change_note="Första utgåvan – «new».",
        references=[
            {
                "title": "Cohort study",
                "source": "",
                "year": None,
                "url": "",
                "doi": "",
                "pmid": "",
            },
            {
                "title": "Review",
                "source": "Lancet",
                "year": 2020,
                "url": "https://example.org/r",
                "doi": "10.1/x",
                "pmid": "123",
            },
        ],
    )
    document = client.get(reverse("api:answer_detail", args=[answer.pk])).json()

    fingerprint = recompute(document)

    assert document["fingerprint"]["scheme"] == 3
    assert document["changeNote"] == "Första utgåvan – «new»."
    approval = SignOff.objects.get(answer=answer, decision="approve")
    assert fingerprint == document["fingerprint"]["value"] == approval.fingerprint
    result = verify(client, answer.pk, fingerprint).json()
    assert result["signed"] is True
    assert result["isLive"] is True
    assert result["signOffs"] == [
        {
            "decision": "approve",
            "signedAt": approval.signed_at.isoformat().replace("+00:00", "Z"),
            "scheme": 3,
            "reviewer": {
                "name": approval.reviewer_name,
                "credentials": approval.reviewer_credentials,
                "registration": {
                    "body": approval.registration_body,
                    "country": approval.registration_country,
                    "number": approval.registration_number,
                    "validUntil": approval.registration_valid_until.isoformat(),
                },
                "profileUrl": "http://testserver"
                + reviewer.reviewer_profile.get_absolute_url(),
            },
        }
    ]
    assert document["lastReviewed"] == result["signOffs"][0]["signedAt"]
    assert document["reviewer"] == result["signOffs"][0]["reviewer"]


def test_a_changed_text_does_not_verify(client, published):
    document = client.get(reverse("api:answer_detail", args=[published.pk])).json()
    document["tldr"] += " Except on Tuesdays."

    result = verify(client, published.pk, recompute(document)).json()

    assert result == {
        "answer": published.pk,
        "fingerprint": recompute(document),
        "signed": False,
        "isLive": False,
        "signOffs": [],
    }


def test_an_earlier_published_text_was_signed_but_is_no_longer_live(
    client, published, editor, reviewer
):
    old = published.live.fingerprint
    publish_new_text(published, editor=editor, reviewer=reviewer, tldr="Revised.")

    result = verify(client, published.pk, old).json()

    assert result["signed"] is True
    assert result["isLive"] is False


def test_a_re_certification_is_listed_with_the_approval(
    client, published, other_reviewer
):
    open_recertification(published)
    workflow.recertify(
        published, user=other_reviewer, shown=workflow.shown_text(published)
    )

    result = verify(client, published.pk, published.live.fingerprint).json()

    assert [s["decision"] for s in result["signOffs"]] == ["approve", "recertify"]


def test_an_approval_of_text_not_yet_published_is_not_told(
    client, published, editor, reviewer
):
    edit(published, user=editor, tldr="Approved, not yet published.")
    workflow.submit(published, user=editor)
    sign_off = workflow.approve(
        published, user=reviewer, shown=workflow.shown_text(published)
    )

    result = verify(client, published.pk, sign_off.fingerprint).json()

    assert result["signed"] is False


def test_an_answer_never_published_cannot_be_verified(client, editor, reviewer):
    answer = make_approved(editor=editor, reviewer=reviewer)
    sign_off = SignOff.objects.get(answer=answer)

    response = verify(client, answer.pk, sign_off.fingerprint)

    assert response.status_code == 404


@pytest.mark.parametrize("fingerprint", ["", "abc", "G" * 64, "A" * 64, "0" * 65])
def test_a_malformed_fingerprint_is_refused(client, published, fingerprint):
    response = verify(client, published.pk, fingerprint)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["fingerprint"]
