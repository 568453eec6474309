"""Cursor pagination of the lists: stable under inserts, no count query."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

from api import parameters
from api.problems import InvalidParameters

DEFAULT_PAGE_SIZE = 20
NOT_A_CURSOR = _("Give a cursor from a 'next' or 'previous' link.")


class ContentCursorPagination(CursorPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = parameters.MAX_PAGE_SIZE
    query_parameters = ("cursor", "page_size")

    def __init__(self, *, ordering: tuple[str, ...]):
        self.ordering = ordering

    def get_page_size(self, request):
        return parameters.page_size(request.query_params, default=self.page_size)

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound as error:
            raise InvalidParameters(
                {self.cursor_query_param: [NOT_A_CURSOR]}
            ) from error
