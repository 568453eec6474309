"""The endpoints of the content API at /api/v1/: read-only, public content only.

Each reads through ``api.selectors`` (published content only), serializes
with ``api.serializers`` and responds through ``api.http.ContentApiView``.
"""

from csp.decorators import csp_update
from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from api import parameters, selectors, serializers
from api.http import ContentApiView, latest
from api.links import Links
from api.pagination import ContentCursorPagination
from api.problems import PROBLEM_CONTENT_TYPE, Gone
from articles import caching
from reviews.selectors import public_histories

# Swagger UI draws its icons as data: SVG images, which cannot run script.
DOCS_POLICY_UPDATE = {"img-src": ["data:"]}
PAGINATION = [parameters.CURSOR, parameters.PAGE_SIZE]


def problems(*codes: int) -> dict:
    """The problem-details responses an operation may give, for the schema.
    Every operation may be refused for an unknown parameter (400), a bad key
    (401) or too many requests (429)."""
    return {
        (code, PROBLEM_CONTENT_TYPE): OpenApiResponse(serializers.ProblemSerializer)
        for code in sorted({400, 401, 429, *codes})
    }


class RootView(ContentApiView):
    """The entry point: what the API holds, and the terms of its use."""

    @extend_schema(
        operation_id="get_root",
        tags=["about"],
        responses={200: serializers.RootSerializer, **problems()},
    )
    def get(self, request):
        self.last_modified = caching.site_changed_at()
        links = {
            name: request.build_absolute_uri(reverse(f"api:{name}"))
            for name in ("conditions", "answers", "changes", "schema", "docs")
        }
        return Response(
            serializers.RootSerializer(
                {
                    "name": "DiseaseMaps content API",
                    "version": "1",
                    "licence": settings.CONTENT_API_LICENCE,
                    "links": links,
                }
            ).data
        )


class ConditionListView(ContentApiView):
    """Conditions with at least one published answer, by name."""

    query_parameters = ("modified_since", *ContentCursorPagination.query_parameters)

    @extend_schema(
        operation_id="list_conditions",
        parameters=[parameters.MODIFIED_SINCE, *PAGINATION],
        responses={200: serializers.ConditionPageSerializer, **problems()},
    )
    def get(self, request):
        conditions = selectors.conditions()
        if (moment := parameters.modified_since(request.query_params)) is not None:
            conditions = conditions.filter(updated_at__gte=moment)
        paginator = ContentCursorPagination(ordering=("name",))
        page = paginator.paginate_queryset(conditions, request, view=self)
        self.last_modified = latest(
            *(_condition_changed_at(condition) for condition in page),
            caching.site_changed_at(),
        )
        data = serializers.ConditionSerializer(
            page, many=True, context={"links": Links(request)}
        ).data
        return paginator.get_paginated_response(data)


def _condition_changed_at(condition):
    """The latest change among what a condition's document shows: the
    condition, its questions, and the publication or archive of their answers
    (annotated by ``api.selectors.conditions``)."""
    return latest(
        condition.updated_at,
        condition.live_published_at,
        condition.live_archived_at,
        condition.questions_changed_at,
    )


class ConditionDetailView(ContentApiView):
    """One published condition and its published questions."""

    @extend_schema(
        operation_id="get_condition",
        responses={200: serializers.ConditionSerializer, **problems(404)},
    )
    def get(self, request, slug):
        condition = get_object_or_404(selectors.conditions(), slug=slug)
        self.last_modified = _condition_changed_at(condition)
        return Response(
            serializers.ConditionSerializer(
                condition, context={"links": Links(request)}
            ).data
        )


def _answer_context(request, questions, disclaimer) -> dict:
    return {
        "links": Links(request),
        "disclaimer": serializers.site_disclaimer(disclaimer),
        "histories": public_histories([question.answer.pk for question in questions]),
    }


def _answer_changed_at(question, disclaimer):
    """The latest change among what an answer's document shows."""
    live = question.answer.live
    profile = live.last_review.reviewer_profile
    return latest(
        live.published_at,
        live.last_review.signed_at,
        question.updated_at,
        question.condition.updated_at,
        profile.updated_at if profile else None,
        disclaimer.updated_at if disclaimer else None,
    )


class AnswerListView(ContentApiView):
    """Live answers, least recently updated first (``dateModified``), so that a
    republisher can page through them and carry on from the last one."""

    query_parameters = (
        "condition",
        "modified_since",
        *ContentCursorPagination.query_parameters,
    )

    @extend_schema(
        operation_id="list_answers",
        parameters=[parameters.CONDITION, parameters.MODIFIED_SINCE, *PAGINATION],
        responses={200: serializers.AnswerPageSerializer, **problems()},
    )
    def get(self, request):
        answers = selectors.live_answers(as_of=timezone.localdate())
        if (slug := request.query_params.get("condition")) is not None:
            answers = answers.filter(condition__slug=slug)
        if (moment := parameters.modified_since(request.query_params)) is not None:
            answers = answers.filter(modified_at__gte=moment)
        paginator = ContentCursorPagination(ordering=("modified_at",))
        page = paginator.paginate_queryset(answers, request, view=self)
        disclaimer = selectors.site_disclaimer()
        self.last_modified = latest(
            *(_answer_changed_at(question, disclaimer) for question in page),
            caching.site_changed_at(),
        )
        context = _answer_context(request, page, disclaimer)
        data = serializers.AnswerSerializer(page, many=True, context=context).data
        return paginator.get_paginated_response(data)


def _live_question(answer_id: int):
    """The published question of an answer; 410 if archived, 404 if never live."""
    if answer_id > parameters.MAX_ID:
        raise NotFound
    question = (
        selectors.live_answers(as_of=timezone.localdate())
        .filter(answer__pk=answer_id)
        .first()
    )
    if question is not None:
        return question
    live = selectors.live_copy(answer_id)
    if live is not None and live.archived_at is not None:
        raise Gone
    raise NotFound


class AnswerDetailView(ContentApiView):
    """One live answer, with its review record and fingerprint."""

    @extend_schema(
        operation_id="get_answer",
        responses={200: serializers.AnswerSerializer, **problems(404, 410)},
    )
    def get(self, request, pk):
        question = _live_question(pk)
        disclaimer = selectors.site_disclaimer()
        self.last_modified = _answer_changed_at(question, disclaimer)
        context = _answer_context(request, [question], disclaimer)
        return Response(serializers.AnswerSerializer(question, context=context).data)


class AnswerVerifyView(ContentApiView):
    """Whether a fingerprint was signed off for this answer, by whom and when,
    and whether it is the live text now."""

    query_parameters = ("fingerprint",)

    @extend_schema(
        operation_id="verify_answer",
        parameters=[parameters.FINGERPRINT],
        responses={
            200: serializers.VerificationSerializer,
            **problems(404, 410),
        },
    )
    def get(self, request, pk):
        fingerprint = parameters.fingerprint(request.query_params)
        question = _live_question(pk)
        live = question.answer.live
        sign_offs = list(selectors.signed_fingerprint(live, fingerprint))
        self.last_modified = latest(
            live.published_at, *(sign_off.signed_at for sign_off in sign_offs)
        )
        result = {
            "answer": live.answer_id,
            "fingerprint": fingerprint,
            "signed": bool(sign_offs),
            "isLive": fingerprint == live.fingerprint,
            "signOffs": sign_offs,
        }
        return Response(
            serializers.VerificationSerializer(
                result, context={"links": Links(request)}
            ).data
        )


class ChangeListView(ContentApiView):
    """Every publication, re-certification and removal (archive), in order.

    Keep the ``cursor`` of the last response and pass it as ``?since=`` to get
    only what changed after it.
    """

    query_parameters = ("since", "condition", "modified_since", "page_size")

    @extend_schema(
        operation_id="list_changes",
        parameters=[
            parameters.SINCE,
            parameters.CONDITION,
            parameters.MODIFIED_SINCE,
            parameters.CHANGES_PAGE_SIZE,
        ],
        responses={200: serializers.ChangesPageSerializer, **problems()},
    )
    def get(self, request):
        since = parameters.since(request.query_params)
        entries = selectors.changes().filter(pk__gt=since)
        if (slug := request.query_params.get("condition")) is not None:
            entries = entries.filter(condition_slug=slug)
        if (moment := parameters.modified_since(request.query_params)) is not None:
            entries = entries.filter(created_at__gte=moment)
        page_size = parameters.changes_page_size(request.query_params)
        page = list(entries[: page_size + 1])
        has_more = len(page) > page_size
        page = page[:page_size]
        cursor = str(page[-1].pk) if page else str(since)
        self.last_modified = page[-1].created_at if page else None
        next_url = None
        if has_more:
            query = request.query_params.copy()
            query["since"] = cursor
            next_url = request.build_absolute_uri(
                f"{reverse('api:changes')}?{query.urlencode()}"
            )
        return Response(
            serializers.ChangesPageSerializer(
                {"changes": page, "cursor": cursor, "next": next_url},
                context={"links": Links(request)},
            ).data
        )


class SchemaView(ContentApiView, SpectacularAPIView):
    """The OpenAPI 3 schema of the API, as JSON."""

    renderer_classes = [OpenApiJsonRenderer]


@method_decorator(csp_update(DOCS_POLICY_UPDATE), name="dispatch")
class DocsView(SpectacularSwaggerSplitView):
    """The API's documentation page (Swagger UI, served from the site itself)."""

    url_name = "api:schema"
    template_name = "api/docs.html"


class NotFoundView(ContentApiView):
    """Problem details for any other URL under /api/v1/, whatever its query."""

    query_parameters = None

    @extend_schema(exclude=True)
    def get(self, request, path):
        raise NotFound
