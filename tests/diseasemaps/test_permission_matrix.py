"""Who may do what, over HTTP: every role against every editorial action.

PRODUCT.md section 1 is the contract; the groups come from the data migrations
(reviews 0002 and community 0002). Each case signs a role in through a real
sign-in form (which also makes the session fresh enough to sign off), takes
one action through the admin URL or staff endpoint that the interface uses,
and then checks the rows: an allowed action took effect, a refused one changed
nothing. The content is written and reviewed by other people than the acting
role, so that no separation-of-duties rule hides a missing permission.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from reversion.models import Version

from api.models import ApiKey
from api.services import issue_api_key
from articles.models import Answer, Disclaimer, PublishedAnswer
from community.models import Experience
from reviews import workflow
from reviews.models import ReviewerProfile, SignOff
from tests import factories
from tests.articles.admin_data import (
    answer_change_url,
    answer_form_data,
    decision_data,
    transition_url,
)
from tests.helpers import (
    edit,
    make_approved,
    make_draft,
    make_in_review,
    open_recertification,
)
from tests.helpers import make_published as publish_answer
from tests.reviews.admin_data import registrations_data

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
ROLES = ["anonymous", "member", "editor", "reviewer", "managing_editor", "superuser"]
STAFF = {"editor", "reviewer", "managing_editor", "superuser"}
EDITORS = {"editor", "managing_editor", "superuser"}
REVIEWERS = {"reviewer", "superuser"}
MANAGERS = {"managing_editor", "superuser"}
PREVIEW_URL = "/markdownx/markdownify/"
UPLOAD_URL = "/markdownx/upload/"
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
EDITED_TLDR = "A new TL;DR typed into the admin form."
EDITED_BIO = "Consultant in clinical genetics and paediatrics."
EDITED_DISCLAIMER = "This site does not replace your own doctor's advice."
WORKING_COPY_TLDR = "Only the editorial team reads this working copy."
FIRST_TLDR = "The first text, which a revert brings back."


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def _staff_sign_in_with_a_password(settings):
    """Two-factor sign-in has its own tests (test_two_factor.py)."""
    settings.STAFF_2FA_REQUIRED = False


@dataclass
class Cast:
    """Who wrote and reviewed the content, apart from the acting roles."""

    author: object
    signer: object
    media_root: Path


@pytest.fixture
def cast(other_editor, other_reviewer, _media_root):
    return Cast(author=other_editor, signer=other_reviewer, media_root=_media_root)


@pytest.fixture
def role_users(member, editor, reviewer, managing_editor, superuser):
    return {
        "member": member,
        "editor": editor,
        "reviewer": reviewer,
        "managing_editor": managing_editor,
        "superuser": superuser,
    }


def sign_in(client, user) -> None:
    """Sign in as a browser does: members on the site, staff on the admin."""
    if user.is_staff:
        url = reverse("admin:login")
        credentials = {"username": user.get_username(), "password": PASSWORD}
    else:
        url = reverse("community:login")
        credentials = {"username": user.email, "password": PASSWORD}
    response = client.post(url, credentials)
    assert response.status_code == 302, "the sign-in failed"
    assert client.session.get("_auth_user_id") == str(user.pk)


# Snapshots: what an action could change ---------------------------------------


def answer_snapshot(answer: Answer) -> tuple:
    answer = Answer.objects.get(pk=answer.pk)
    live = PublishedAnswer.objects.filter(answer=answer).first()
    return (
        answer.state,
        answer.tldr,
        answer.body,
        answer.edit_count,
        SignOff.objects.filter(answer=answer).count(),
        None if live is None else (live.last_review_id, live.archived_at, live.tldr),
    )


def answer_now(answer: Answer) -> Answer:
    return Answer.objects.get(pk=answer.pk)


def stored_files(media_root: Path) -> list[Path]:
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (12, 8), (200, 30, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


# The actions ------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """One thing a role may try: arrange it, take it over HTTP, see what it did.

    ``snapshot`` reads every row the action could change; ``took_effect`` says
    whether the action happened, from the rows or, for reads, the response.
    """

    allowed: frozenset[str]
    arrange: Callable
    act: Callable
    snapshot: Callable
    took_effect: Callable


def _transition(name: str, data=None):
    return lambda client, answer: client.post(
        transition_url(answer, name), decision_data(answer, **(data or {}))
    )


def _arrange_two_versions(cast: Cast) -> tuple[Answer, Version]:
    answer = make_draft(editor=cast.author, tldr=FIRST_TLDR)
    oldest = Version.objects.get_for_object(answer).order_by("pk").first()
    edit(answer, user=cast.author, tldr="The second text, now the draft.")
    return answer, oldest


def _revert(client, arranged):
    answer, version = arranged
    url = reverse("admin:articles_answer_revision", args=[answer.pk, version.pk])
    return client.post(url)


def _edit_profile(client, profile: ReviewerProfile):
    url = reverse("admin:reviews_reviewerprofile_change", args=[profile.pk])
    return client.post(
        url,
        {
            "full_name": profile.full_name,
            "credentials": profile.credentials,
            "specialty": profile.specialty,
            "bio": EDITED_BIO,
            "disclosures": profile.disclosures,
            "slug": profile.slug,
            **registrations_data(profile),
        },
    )


def _edit_disclaimer(client, disclaimer: Disclaimer):
    url = reverse("admin:articles_disclaimer_change", args=[disclaimer.pk])
    return client.post(url, {"text": EDITED_DISCLAIMER})


def _upload(client, cast: Cast):
    image = SimpleUploadedFile("chart.png", png_bytes(), content_type="image/png")
    return client.post(UPLOAD_URL, {"image": image}, **XHR)


def _moderate(client, experience: Experience):
    url = reverse("admin:community_experience_approve", args=[experience.pk])
    return client.post(url)


API_KEY_NAME = "Partner clinic app"


def _create_api_key(client, _):
    return client.post(
        reverse("admin:api_apikey_add"),
        {"name": API_KEY_NAME, "contact": "dev@partner.example", "rate_per_minute": 60},
    )


def _arrange_api_key(cast: Cast) -> ApiKey:
    api_key = ApiKey(name=API_KEY_NAME, contact="dev@partner.example")
    issue_api_key(api_key, user=cast.author)
    return api_key


def _revoke_api_key(client, api_key: ApiKey):
    return client.post(
        reverse("admin:api_apikey_changelist"),
        {"action": "revoke", "_selected_action": [api_key.pk]},
    )


ACTIONS = {
    "view working copy": Action(
        allowed=frozenset(STAFF),
        arrange=lambda cast: make_draft(editor=cast.author, tldr=WORKING_COPY_TLDR),
        act=lambda client, answer: client.get(answer_change_url(answer)),
        snapshot=answer_snapshot,
        took_effect=lambda answer, response: (
            response.status_code == 200 and WORKING_COPY_TLDR in response.text
        ),
    ),
    "edit": Action(
        allowed=frozenset(EDITORS),
        arrange=lambda cast: make_draft(editor=cast.author),
        act=lambda client, answer: client.post(
            answer_change_url(answer), answer_form_data(answer, tldr=EDITED_TLDR)
        ),
        snapshot=answer_snapshot,
        took_effect=lambda answer, response: answer_now(answer).tldr == EDITED_TLDR,
    ),
    "submit": Action(
        allowed=frozenset(EDITORS),
        arrange=lambda cast: make_draft(editor=cast.author),
        act=_transition("submit"),
        snapshot=answer_snapshot,
        took_effect=lambda answer, response: (
            answer_now(answer).state == Answer.State.IN_REVIEW
        ),
    ),
    "withdraw": Action(
        allowed=frozenset(EDITORS),
        arrange=lambda cast: make_in_review(editor=cast.author),
        act=_transition("withdraw"),
        snapshot=answer_snapshot,
        took_effect=lambda answer, response: (
            answer_now(answer).state == Answer.State.DRAFT
        ),
    ),
    "approve": Action(
        allowed=frozenset(REVIEWERS),
        arrange=lambda cast: make_in_review(editor=cast.author),
        act=_transition("approve"),
        snapshot=answer_snapshot,
        took_effect=lambda answer, response: (
            answer_now(answer).state == Answer.State.APPROVED
            and SignOff.objects.filter(
                answer=answer, decision=SignOff.Decision.APPROVE
            ).exists()
        ),
    ),
    "request changes": Action(
        allowed=frozenset(REVIEWERS),
        arrange=lambda cast: make_in_review(editor=cast.author),
        act=_transition("request_changes", {"comment": "Cite the 2021 cohort."}),
        snapshot=answer_snapshot,
        took_effect=lambda answer, response: (
            answer_now(answer).state == Answer.State.CHANGES_REQUESTED
            and SignOff.objects.filter(
                answer=answer, decision=SignOff.Decision.REQUEST_CHANGES
            ).exists()
        ),
    ),
    "re-certify": Action(
        allowed=frozenset(REVIEWERS),
        arrange=lambda cast: open_recertification(
            publish_answer(editor=cast.author, reviewer=cast.signer)
        ),
        act=_transition("recertify"),
        snapshot=answer_snapshot,
        took_effect=lambda answer, response: (
            PublishedAnswer.objects.get(answer=answer).last_review.decision
            == SignOff.Decision.RECERTIFY
        ),
    ),
    "publish": Action(
        allowed=frozenset(EDITORS),
        arrange=lambda cast: make_approved(editor=cast.author, reviewer=cast.signer),
        act=_transition("publish"),
        snapshot=answer_snapshot,
        took_effect=lambda answer, response: (
            answer_now(answer).state == Answer.State.PUBLISHED
            and PublishedAnswer.objects.filter(answer=answer).exists()
        ),
    ),
    "archive": Action(
        allowed=frozenset(MANAGERS),
        arrange=lambda cast: publish_answer(editor=cast.author, reviewer=cast.signer),
        act=_transition("archive"),
        snapshot=answer_snapshot,
        took_effect=lambda answer, response: (
            answer_now(answer).state == Answer.State.ARCHIVED
            and PublishedAnswer.objects.get(answer=answer).archived_at is not None
        ),
    ),
    "revert": Action(
        allowed=frozenset(EDITORS),
        arrange=_arrange_two_versions,
        act=_revert,
        snapshot=lambda arranged: answer_snapshot(arranged[0]),
        took_effect=lambda arranged, response: (
            answer_now(arranged[0]).tldr == FIRST_TLDR
        ),
    ),
    "moderate": Action(
        allowed=frozenset(EDITORS),
        arrange=lambda cast: factories.ExperienceFactory(),
        act=_moderate,
        snapshot=lambda experience: (
            Experience.objects.filter(pk=experience.pk)
            .values_list("state", "moderated_by_id")
            .get()
        ),
        took_effect=lambda experience, response: (
            Experience.objects.get(pk=experience.pk).state == Experience.State.APPROVED
        ),
    ),
    "edit reviewer profile": Action(
        allowed=frozenset(MANAGERS),
        arrange=lambda cast: ReviewerProfile.objects.get(user=cast.signer),
        act=_edit_profile,
        snapshot=lambda profile: (
            ReviewerProfile.objects.filter(pk=profile.pk).values().get()
        ),
        took_effect=lambda profile, response: (
            ReviewerProfile.objects.get(pk=profile.pk).bio == EDITED_BIO
        ),
    ),
    "edit disclaimer": Action(
        allowed=frozenset(MANAGERS),
        arrange=lambda cast: Disclaimer.objects.get(),
        act=_edit_disclaimer,
        snapshot=lambda disclaimer: Disclaimer.objects.get(pk=disclaimer.pk).text,
        took_effect=lambda disclaimer, response: (
            Disclaimer.objects.get(pk=disclaimer.pk).text == EDITED_DISCLAIMER
        ),
    ),
    "preview": Action(
        allowed=frozenset(STAFF),
        arrange=lambda cast: None,
        act=lambda client, _: client.post(
            PREVIEW_URL, {"content": "Some **bold** text"}, **XHR
        ),
        snapshot=lambda _: None,
        took_effect=lambda _, response: (
            response.status_code == 200 and b"<strong>bold</strong>" in response.content
        ),
    ),
    "upload": Action(
        allowed=frozenset(STAFF),
        arrange=lambda cast: cast,
        act=_upload,
        snapshot=lambda cast: stored_files(cast.media_root),
        took_effect=lambda cast, response: (
            response.status_code == 200 and len(stored_files(cast.media_root)) == 1
        ),
    ),
    "create API key": Action(
        allowed=frozenset(MANAGERS),
        arrange=lambda cast: None,
        act=_create_api_key,
        snapshot=lambda _: ApiKey.objects.count(),
        took_effect=lambda _, response: ApiKey.objects.filter(
            name=API_KEY_NAME
        ).exists(),
    ),
    "revoke API key": Action(
        allowed=frozenset(MANAGERS),
        arrange=_arrange_api_key,
        act=_revoke_api_key,
        snapshot=lambda api_key: ApiKey.objects.get(pk=api_key.pk).revoked_at,
        took_effect=lambda api_key, response: (
            ApiKey.objects.get(pk=api_key.pk).revoked_at is not None
        ),
    ),
}

CASES = [
    pytest.param(role, name, role in action.allowed, id=f"{role}-{name}")
    for name, action in ACTIONS.items()
    for role in ROLES
]


def assert_refused(response, role: str) -> None:
    """Visitors and members are sent to the admin login; staff are forbidden."""
    if role in STAFF:
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(("role", "action_name", "allowed"), CASES)
def test_permission_matrix(client, cast, role_users, role, action_name, allowed):
    action = ACTIONS[action_name]
    arranged = action.arrange(cast)
    if role != "anonymous":
        sign_in(client, role_users[role])
    before = action.snapshot(arranged)

    response = action.act(client, arranged)

    if allowed:
        assert response.status_code in (200, 302)
        assert not [
            message
            for message in get_messages(response.wsgi_request)
            if message.level_tag == "error"
        ]
        assert action.took_effect(arranged, response)
    else:
        assert_refused(response, role)
        assert not action.took_effect(arranged, response)
        assert action.snapshot(arranged) == before


def test_the_matrix_covers_every_role_and_action():
    assert len(CASES) == len(ROLES) * len(ACTIONS) >= 80


# Separation of duties: superusers too ------------------------------------------


def test_a_superuser_cannot_sign_off_text_they_edited(client, cast, superuser):
    answer = make_draft(editor=cast.author)
    sign_in(client, superuser)
    client.post(answer_change_url(answer), answer_form_data(answer, tldr=EDITED_TLDR))
    client.post(transition_url(answer, "submit"))
    assert answer_now(answer).state == Answer.State.IN_REVIEW
    before = answer_snapshot(answer)

    response = client.post(transition_url(answer, "approve"), decision_data(answer))

    assert response.status_code == 302
    assert response["Location"] == answer_change_url(answer)
    *_, last_message = get_messages(response.wsgi_request)
    assert str(last_message) == workflow.REVIEWER_EDITED
    assert answer_snapshot(answer) == before
    assert not SignOff.objects.filter(answer=answer).exists()


def test_a_superuser_cannot_request_changes_on_text_they_edited(
    client, cast, superuser
):
    answer = make_draft(editor=cast.author)
    sign_in(client, superuser)
    client.post(answer_change_url(answer), answer_form_data(answer, tldr=EDITED_TLDR))
    client.post(transition_url(answer, "submit"))
    before = answer_snapshot(answer)

    client.post(
        transition_url(answer, "request_changes"),
        decision_data(answer, comment="Mine."),
    )

    assert answer_snapshot(answer) == before
    assert answer_now(answer).state == Answer.State.IN_REVIEW
