"""POST data for the answer's admin change form, as a browser would send it."""

from django.urls import reverse

from articles.models import Answer
from reviews import answer_state


def answer_change_url(answer: Answer) -> str:
    return reverse("admin:articles_answer_change", args=[answer.pk])


def transition_url(answer: Answer, name: str) -> str:
    return reverse("admin:articles_answer_transition", args=[answer.pk, name])


def answer_form_data(answer: Answer, *, references=None, **changes) -> dict:
    """The change form of ``answer`` as loaded now, with ``changes`` typed in.

    ``references`` (a list of dicts) replaces the references inline: existing
    rows are kept by position and extra dicts become new rows.
    """
    existing = list(answer.references.order_by("position", "id"))
    rows = references if references is not None else [r.as_dict() for r in existing]
    data = {
        "kind_label": answer.kind_label,
        "tldr": answer.tldr,
        "body": answer.body,
        "change_note": answer.change_note,
        "edit_count": answer.edit_count,
        "references-TOTAL_FORMS": max(len(rows), len(existing)),
        "references-INITIAL_FORMS": len(existing),
        "references-MIN_NUM_FORMS": 0,
        "references-MAX_NUM_FORMS": 1000,
        "_save": "Save",
    }
    for index in range(max(len(rows), len(existing))):
        prefix = f"references-{index}-"
        if index < len(existing):
            data[prefix + "id"] = existing[index].pk
            data[prefix + "answer"] = answer.pk
        if index >= len(rows):
            data[prefix + "DELETE"] = "on"
            row = existing[index].as_dict()
        else:
            row = rows[index]
        data[prefix + "position"] = index + 1
        for field in ("title", "source", "url", "doi", "pmid"):
            data[prefix + field] = row.get(field) or ""
        data[prefix + "year"] = row.get("year") or ""
    data.update(changes)
    return data


def decision_data(answer: Answer, **fields) -> dict:
    """A workflow form as the answer's page displays it now, with ``fields`` typed in.

    The hidden fields bind the decision to the text on the page.
    """
    shown = answer_state.shown_text(answer)
    return {
        "fingerprint": shown.fingerprint,
        "edit_count": shown.edit_count,
        "live_fingerprint": shown.live_fingerprint,
        **fields,
    }
