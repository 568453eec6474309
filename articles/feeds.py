"""The Atom feed of newly published or updated answers."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import selectors

FEED_ENTRY_COUNT = 20
CORRECTION_CATEGORY = "correction"


class TextContentAtomFeed(Atom1Feed):
    """Atom whose entries carry their ``content`` as plain text (type="text"),
    so that feed readers show it as written and never interpret it as HTML."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "text"})


class UpdatedAnswersFeed(Feed):
    """Answers on the site, newest "Last updated" first, read from the live copy.

    An entry's ``updated`` is when the answer's public text last changed (a
    re-certification does not move it) and its content is the TL;DR. A
    publication that a managing editor marked as a correction is said to be
    one: in the title and as the entry's "correction" category. Archived and
    unpublished answers are never listed.
    """

    feed_type = TextContentAtomFeed
    title = _("DiseaseMaps: updated answers")
    subtitle = _("Medically reviewed answers, newly published or updated.")
    author_name = "DiseaseMaps"

    def link(self):
        return reverse("home")

    def items(self):
        return selectors.recently_updated_questions(limit=FEED_ENTRY_COUNT)

    def item_title(self, question):
        live = question.answer.live
        if live.is_correction:
            return _("Correction: %(question)s") % {"question": live.question_text}
        return live.question_text

    def item_categories(self, question):
        return [CORRECTION_CATEGORY] if question.answer.live.is_correction else []

    def item_description(self, question):
        return None

    def item_updateddate(self, question):
        return question.answer.live.text_changed_at

    def item_extra_kwargs(self, question):
        return {"content": question.answer.live.tldr}
