"""Demo community for ``seed_demo``: members, declarations and experiences.

The experiences were written for this project: fictional people, in plain
language, as personal experience and not medical advice. Everything is made
through ``community.services`` and ``community.moderation``, acting as the
members and as an editor, so the demo obeys the same rules as the site.
Idempotent: members (by username), declarations and experiences (one per
member and question) that already exist are left alone.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.utils import timezone

from articles.models import Question
from community import moderation, services
from community.models import Declaration, Experience
from conditions.models import Condition
from core import clock

PRS = "parry-romberg-syndrome"
HEDS = "hypermobile-ehlers-danlos-syndrome"
MARFAN = "marfan-syndrome"

# "member" is the demo login made by seed_demo; the others cannot sign in. A
# member's username is their lower-cased email, as at sign-up.
MEMBERS = [
    {
        "username": "member",
        "email": "member@example.org",
        "display_name": "Sam O.",
        "conditions": [PRS],
    },
    {
        "username": "ines@example.org",
        "email": "ines@example.org",
        "display_name": "Inès",
        "conditions": [PRS],
    },
    {
        "username": "daniel@example.org",
        "email": "daniel@example.org",
        "display_name": "Daniel K.",
        "conditions": [PRS, HEDS],
    },
    {
        "username": "mei@example.org",
        "email": "mei@example.org",
        "display_name": "Mei",
        "conditions": [HEDS],
    },
    {
        "username": "seun@example.org",
        "email": "seun@example.org",
        "display_name": "Seun A.",
        "conditions": [MARFAN],
    },
    {
        "username": "ruth@example.org",
        "email": "ruth@example.org",
        "display_name": "Ruth",
        "conditions": [MARFAN],
    },
]

# Each experience: who, on which question (condition slug, question slug), how
# many days ago it was shared, and the moderation outcome (None: still pending).
EXPERIENCES = [
    {
        "member": "ines@example.org",
        "question": (PRS, "what-causes-parry-romberg-syndrome"),
        "days_ago": 40,
        "outcome": "approve",
        "text": (
            "For years I was sure I had caused it somehow: a fall off my bike at "
            "twelve, a bad flu the winter before. Hearing from my specialist that "
            "nobody knows the cause for certain was strangely a relief. I stopped "
            "going over my childhood looking for the moment it started.\n\n"
            "What still helps me is reminding myself that not knowing the cause "
            "does not mean nothing can be done about how I live with it."
        ),
    },
    {
        "member": "member",
        "question": (PRS, "what-causes-parry-romberg-syndrome"),
        "days_ago": 21,
        "outcome": "approve",
        "text": (
            "My parents asked every doctor the same question: was it something "
            'they did? I think they needed to hear "no" many times before they '
            "believed it. I was diagnosed at nine and I am twenty-six now. The "
            "question of why bothers me far less than it used to."
        ),
    },
    {
        "member": "daniel@example.org",
        "question": (PRS, "first-signs-of-parry-romberg-syndrome"),
        "days_ago": 33,
        "outcome": "approve",
        "text": (
            "The first thing anyone noticed was a faint line on my forehead that "
            "my barber pointed out. It looked like a scar, but I had never hurt "
            "myself there. Over the next year my left cheek looked a little "
            "flatter in photos. It took another year and three appointments "
            "before someone put a name to it.\n\n"
            "If I could tell my younger self one thing: keep dated photos, they "
            "made the change much easier to explain."
        ),
    },
    {
        "member": "ines@example.org",
        "question": (PRS, "first-signs-of-parry-romberg-syndrome"),
        "days_ago": 12,
        "outcome": "approve",
        "text": (
            "Mine started with headaches on one side and a patch of skin by my "
            "eye that felt tight. I only connected the two much later. Everyone's "
            "start seems to be different, which is worth knowing if yours does "
            "not match the lists you read."
        ),
    },
    {
        "member": "member",
        "question": (PRS, "how-is-parry-romberg-syndrome-diagnosed"),
        "days_ago": 1,
        "outcome": None,
        "text": (
            "My diagnosis came from a dermatologist who had seen it once before. "
            "I had an MRI and photographs taken from several angles, and those "
            "photos became the baseline we still compare against every year."
        ),
    },
    {
        "member": "mei@example.org",
        "question": (HEDS, "how-is-hypermobile-eds-diagnosed"),
        "days_ago": 27,
        "outcome": "approve",
        "text": (
            'I had been called "just flexible" since school. What finally led to '
            "an assessment was a physiotherapist who asked about my whole history "
            "rather than the knee I came in with: the sprains, the sore jaw, how "
            "easily I bruise. Writing everything down in one list before the "
            "appointment made a real difference. I was nervous that I would "
            "forget half of it in the room, and I would have."
        ),
    },
    {
        "member": "daniel@example.org",
        "question": (HEDS, "what-causes-hypermobile-eds"),
        "days_ago": 18,
        "outcome": "approve",
        "text": (
            "Once I was diagnosed, my mother recognised half of my symptoms in "
            "herself and in her own mother. Nobody in the family had a name for "
            "it before. Talking it through together made it feel less like "
            "something that happened only to me."
        ),
    },
    {
        "member": "mei@example.org",
        "question": (HEDS, "what-causes-hypermobile-eds"),
        "days_ago": 6,
        "outcome": "reject",
        "reason": (
            "Thank you for sharing. Please remove the name of your doctor and "
            "your clinic: we do not publish details that identify other people. "
            "You can edit your experience from your account page."
        ),
        "text": (
            "My consultant at the Riverside Clinic explained it to me really well "
            "and I would recommend her to anyone: she told me it runs in families "
            "and drew the whole family tree for me on the back of a leaflet."
        ),
    },
    {
        "member": "seun@example.org",
        "question": (MARFAN, "heart-checks-in-marfan-syndrome"),
        "days_ago": 24,
        "outcome": "approve",
        "text": (
            "I used to dread the yearly scan. Now I treat it like a service for "
            "a car I want to keep for a long time. I bring a list of questions, "
            "I ask for the measurements, and I keep them in a notebook so I can "
            'see the trend myself instead of just hearing "all fine".'
        ),
    },
    {
        "member": "ruth@example.org",
        "question": (MARFAN, "heart-checks-in-marfan-syndrome"),
        "days_ago": 9,
        "outcome": "approve",
        "text": (
            "I was diagnosed at forty, after my son was. Going to our heart "
            "check-ups together has turned into a small tradition: lunch "
            "afterwards, whatever the news. It makes the waiting room much "
            "easier for both of us."
        ),
    },
    {
        "member": "ruth@example.org",
        "question": (MARFAN, "what-causes-marfan-syndrome"),
        "days_ago": 2,
        "outcome": None,
        "text": (
            "Learning that it came from a change in one gene helped me explain it "
            "to my other children. We drew it as a spelling mistake in a very "
            "long instruction book, and that picture stuck with them."
        ),
    },
]


def _moderator() -> AbstractBaseUser | None:
    """The demo editor, or any active member of the Editors group."""
    users = get_user_model().objects.filter(is_active=True)
    editor = users.filter(username="editor").first()
    if editor is not None and moderation.is_moderator(editor):
        return editor
    return users.filter(groups__name="Editors").order_by("pk").first()


def _ensure_member(spec: dict) -> tuple[AbstractBaseUser, bool]:
    users = get_user_model().objects
    member = users.filter(username=spec["username"]).first()
    created = member is None
    if created:
        member = users.create(username=spec["username"], email=spec["email"])
        member.set_unusable_password()
        member.save(update_fields=["password"])
        member.groups.add(Group.objects.get(name=services.MEMBERS_GROUP))
    services.ensure_profile(member, display_name=spec["display_name"])
    # The demo's members are as if they had opened their confirmation link.
    services.confirm_email(member)
    return member, created


def _declare(member: AbstractBaseUser, slugs: list[str]) -> int:
    added = 0
    for condition in Condition.objects.filter(slug__in=slugs):
        if not Declaration.objects.filter(member=member, condition=condition).exists():
            services.declare_condition(member, condition=condition)
            added += 1
    return added


def _share(spec: dict, members: dict, editor, now: datetime.datetime) -> bool:
    """Share and moderate one experience; False if it exists or cannot be shown."""
    condition_slug, question_slug = spec["question"]
    question = (
        Question.objects.published()
        .filter(condition__slug=condition_slug, slug=question_slug)
        .first()
    )
    member = members[spec["member"]]
    if (
        question is None
        or Experience.objects.filter(member=member, question=question).exists()
    ):
        return False
    shared_at = now - datetime.timedelta(days=spec["days_ago"])
    with clock.recorded_at(shared_at):
        experience = services.share_experience(
            question, member=member, text=spec["text"], has_consented=True
        )
    if spec["outcome"] is None or editor is None:
        return True
    with clock.recorded_at(shared_at + datetime.timedelta(hours=20)):
        if spec["outcome"] == "approve":
            moderation.approve(experience, user=editor)
        else:
            moderation.reject(experience, user=editor, reason=spec["reason"])
    return True


def seed_community() -> str:
    """Add the demo members, their declarations and their experiences.

    Returns one line saying what was added, for ``seed_demo`` to print.
    """
    now = timezone.now()
    members, new_members = {}, 0
    for spec in MEMBERS:
        member, created = _ensure_member(spec)
        members[spec["username"]] = member
        new_members += created
    declarations = sum(
        _declare(members[spec["username"]], spec["conditions"]) for spec in MEMBERS
    )
    editor = _moderator()
    experiences = sum(_share(spec, members, editor, now) for spec in EXPERIENCES)
    if new_members or declarations or experiences:
        return (
            f"Added {new_members} community members, {declarations} declarations "
            f"and {experiences} experiences."
        )
    return "The demo community is already in place: nothing added."
