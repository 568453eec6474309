import pytest
from django.contrib.auth import get_user_model
from django.core.management import execute_from_command_line
from django.core.management.base import CommandError

from articles.models import Answer
from community.models import Experience
from conditions.models import Condition
from tests import factories
from tests.articles.seeding import USERNAMES, seed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug_on(settings):
    """seed_demo runs only with DEBUG on, as under `make run`."""
    settings.DEBUG = True


@pytest.mark.django_db(transaction=True)
def test_seeding_sends_no_email(mailoutbox):
    # A real transaction: the notifications run when the command's own commit
    # happens, as they do outside tests.
    seed()

    assert Answer.objects.filter(state=Answer.State.IN_REVIEW).exists()
    assert Experience.objects.exclude(state=Experience.State.PENDING).exists()
    assert mailoutbox == []


def test_existing_condition_is_kept_and_its_questions_added():
    factories.ConditionFactory(
        name="Marfan syndrome (ours)", slug="marfan-syndrome", summary="Our words."
    )

    seed()

    condition = Condition.objects.get(slug="marfan-syndrome")
    assert condition.summary == "Our words."
    assert condition.questions.count() >= 3


def test_a_user_lacking_their_role_stops_the_seed_and_nothing_is_kept():
    factories.MemberFactory(username="editor")

    with pytest.raises(CommandError, match="could not be built"):
        seed()

    assert not Condition.objects.exists()
    assert not get_user_model().objects.filter(username="reviewer").exists()


def test_refuses_to_run_without_debug_and_creates_nobody(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="runs only with DEBUG on") as error:
        seed()

    assert "\n" not in str(error.value)
    assert not get_user_model().objects.filter(username__in=USERNAMES).exists()
    assert not Condition.objects.exists()


def test_without_debug_exits_non_zero_with_one_line(settings, capsys):
    settings.DEBUG = False

    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "seed_demo"])

    assert exit_.value.code != 0
    assert capsys.readouterr().err.strip().splitlines() == [
        "CommandError: seed_demo creates demo users and runs only with DEBUG on "
        "(DEBUG=1): it must never run on a production site."
    ]
