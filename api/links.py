"""Absolute URLs in the API's documents, reversed once per request.

A page of answers links each answer's page, document and verification, its
condition's page and document, and its reviewer's profile: hundreds of
``reverse()`` calls, which cost more than the rest of the page. Each kind of
URL is reversed once, with stand-in values that the URL's converters accept
and that no URL otherwise contains, then filled in per object.
"""

from django.urls import reverse

STAND_IN_ID = 9_876_543_210
STAND_IN_SLUG = "zz-stand-in-zz"
OTHER_STAND_IN_SLUG = "zz-other-stand-in-zz"


class Links:
    def __init__(self, request):
        self._base = request.build_absolute_uri("/")[:-1]
        self._templates: dict[str, str] = {}

    def absolute(self, path: str) -> str:
        return self._base + path

    def _template(self, name: str, *stand_ins) -> str:
        if name not in self._templates:
            path = reverse(name, args=stand_ins)
            for number, stand_in in enumerate(stand_ins):
                path = path.replace(str(stand_in), f"{{{number}}}")
            self._templates[name] = self._base + path
        return self._templates[name]

    def answer_page(self, condition_slug: str, question_slug: str) -> str:
        template = self._template("answer_detail", STAND_IN_SLUG, OTHER_STAND_IN_SLUG)
        return template.format(condition_slug, question_slug)

    def condition_page(self, slug: str) -> str:
        return self._template("condition_detail", STAND_IN_SLUG).format(slug)

    def reviewer_page(self, slug: str) -> str:
        return self._template("reviews:reviewer_detail", STAND_IN_SLUG).format(slug)

    def answer(self, answer_id: int) -> str:
        return self._template("api:answer_detail", STAND_IN_ID).format(answer_id)

    def verification(self, answer_id: int) -> str:
        return self._template("api:answer_verify", STAND_IN_ID).format(answer_id)

    def condition(self, slug: str) -> str:
        return self._template("api:condition_detail", STAND_IN_SLUG).format(slug)
