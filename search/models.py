from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocumentQuerySet(models.QuerySet):
    def on_site(self):
        """Documents of answers the public may read (live and not archived)."""
        return self.filter(live__archived_at__isnull=True)


class SearchDocument(models.Model):
    """What search reads for one answer on the site, copied from its live copy.

    Written only by ``search.services``, whenever the live copy, its question
    or its condition changes; an answer taken off the site has no document.
    Every text is plain text (the body is rendered from markdown, never raw),
    so snippets show what readers see and are escaped like any other text.
    """

    live = models.OneToOneField(
        "articles.PublishedAnswer",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    question_text = models.TextField()
    condition_names = models.TextField(
        help_text=_("The condition's name and its other names, one per line.")
    )
    tldr = models.TextField()
    body_text = models.TextField(
        help_text=_("The live body as readers see it, in plain text.")
    )
    text_changed_at = models.DateTimeField(
        null=True,
        help_text=_("The live copy's 'Last updated': newer first among equal ranks."),
    )
    search_vector = SearchVectorField(
        null=True,
        help_text=_(
            "PostgreSQL only: the weighted words of the texts above (GIN-indexed)."
        ),
    )
    heading_vector = SearchVectorField(
        null=True,
        help_text=_(
            "PostgreSQL only: the weighted words of the question, the condition's "
            "names and the TL;DR (GIN-indexed), ranked first (see search.postgres)."
        ),
    )

    objects = SearchDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        indexes = [
            # Body-only matches fill the candidates newest first: a word in
            # most bodies is found walking this, not by reading every match.
            models.Index(
                fields=["text_changed_at"], name="search_document_changed_idx"
            ),
        ]

    def __str__(self):
        return self.question_text
