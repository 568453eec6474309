"""POST data of the reviewer profile admin's registration inline, as the
browser sends it."""

from reviews.models import ReviewerProfile

PREFIX = "registrations"


def registrations_data(profile: ReviewerProfile | None = None, *, new=()) -> dict:
    """The inline's management form, each stored registration of ``profile``
    unchanged, then each dict of ``new`` as an added row."""
    stored = list(profile.registrations.order_by("pk")) if profile else []
    data = {
        f"{PREFIX}-TOTAL_FORMS": str(len(stored) + len(new)),
        f"{PREFIX}-INITIAL_FORMS": str(len(stored)),
        f"{PREFIX}-MIN_NUM_FORMS": "0",
        f"{PREFIX}-MAX_NUM_FORMS": "1000",
    }
    rows = [
        {
            "id": registration.pk,
            "profile": profile.pk,
            "body": registration.body,
            "country": registration.country,
            "number": registration.number,
            "verified_on": registration.verified_on.isoformat(),
            "valid_until": registration.valid_until.isoformat(),
            "verifier_notes": registration.verifier_notes,
        }
        for registration in stored
    ]
    rows += [dict(row) for row in new]
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{PREFIX}-{index}-{name}"] = "" if value is None else str(value)
    return data
