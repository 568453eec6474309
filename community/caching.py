"""HTTP validators and page-cache tags of the experiences pages."""

from articles.caching import condition_page_tags, condition_tags
from articles.models import Question
from community.signals import community_changed
from core import page_cache
from core.http_caching import Validators, page_validators

# An experiences page lives under its condition's URL.
experiences_page_tags = condition_page_tags


def experiences_page_validators(question: Question, *, page) -> Validators:
    """Validators of one page of a question's approved experiences, from the
    experiences on it (``community.selectors.approved_experiences``)."""
    experiences = [
        [
            experience.pk,
            experience.display_name,
            experience.text,
            experience.created_at,
            experience.edited_at,
        ]
        for experience in page
    ]
    condition = question.condition
    live = question.answer.live
    return page_validators(
        "experiences",
        shown=[
            question.pk,
            live.question_text,
            question.updated_at,
            condition.updated_at,
            page.number,
            page.paginator.count,
            experiences,
        ],
        changed_at=[
            question.updated_at,
            live.published_at,
            condition.updated_at,
            *(experience.moderated_at for experience in page),
        ],
    )


def _community_changed(sender, *, condition_ids, **kwargs) -> None:
    """The community lines of the conditions' pages and their experiences."""
    page_cache.bump(condition_tags(condition_ids))


def connect_invalidation() -> None:
    community_changed.connect(_community_changed, dispatch_uid="community.caching")
