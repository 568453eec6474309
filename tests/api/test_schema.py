"""The generated OpenAPI schema is valid OpenAPI 3, and every operation keeps
to it: schemathesis sends generated requests (valid and invalid ones) to each
operation and checks that none fails with 5xx, that invalid ones are refused,
and that every response is documented, with its content type and body as the
schema says.

Kept to a few seconds: a few examples per operation, the same on every run
in CI (the "ci" Hypothesis profile, tests/conftest.py).
"""

import itertools

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from reviews import workflow
from tests import factories
from tests.helpers import make_published, open_recertification

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 8
# A list's cursor is opaque: a string the schema allows is still refused (400)
# unless the API issued it, which is right, so the check that every
# schema-valid request is accepted does not apply to these two.
OPAQUE_CURSOR_PATHS = {"/api/v1/conditions/", "/api/v1/answers/"}


def test_the_schema_is_valid_openapi_3(client):
    response = client.get(reverse("api:schema"))

    schema = response.json()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/",
        "/api/v1/conditions/",
        "/api/v1/conditions/{slug}/",
        "/api/v1/answers/",
        "/api/v1/answers/{id}/",
        "/api/v1/answers/{id}/verify/",
        "/api/v1/changes/",
    }


@pytest.fixture
def database_kept_open():
    """Requests served straight through the WSGI application, as schemathesis
    sends them, end by closing the database connection, and with it the
    test's transaction on PostgreSQL. Django's test client keeps it open the
    same way: by leaving these two handlers out while it serves a request."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def api_schema(
    db, database_kept_open, editor, reviewer, other_reviewer, managing_editor
):
    """The schema as the API serves it, over content in every public state:
    live, re-certified and archived answers."""
    condition = factories.ConditionFactory(slug="example")
    answers = [
        make_published(
            editor=editor,
            reviewer=reviewer,
            question=factories.QuestionFactory(condition=condition),
        )
        for _ in range(3)
    ]
    open_recertification(answers[1])
    workflow.recertify(
        answers[1], user=other_reviewer, shown=workflow.shown_text(answers[1])
    )
    workflow.archive(
        answers[2], user=managing_editor, shown=workflow.shown_text(answers[2])
    )
    return schemathesis.openapi.from_wsgi(reverse("api:schema"), get_wsgi_application())


def test_every_operation_keeps_to_the_schema(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 7

    runs = [
        (operation, mode)
        for operation, mode in itertools.product(operations, GenerationMode)
        # Nothing of a request without parameters can be invalid.
        if mode == GenerationMode.POSITIVE or len(operation.query)
    ]
    for operation, mode in runs:

        @given(case=operation.as_strategy(generation_mode=mode))
        @hypothesis_settings(max_examples=EXAMPLES_PER_OPERATION, database=None)
        def keeps_to_the_schema(case):
            excluded = []
            if case.operation.path in OPAQUE_CURSOR_PATHS:
                excluded.append(positive_data_acceptance)
            case.call_and_validate(excluded_checks=excluded)

        keeps_to_the_schema()
