import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from articles.demo_content import USERS
from articles.models import Answer
from community.models import Experience
from conditions.models import Condition
from tests import factories

pytestmark = pytest.mark.django_db

DUMP_EXCLUDE = ["sessions", "contenttypes", "auth.permission", "admin.logentry"]
USERNAMES = [spec["username"] for spec in USERS]


@pytest.fixture(autouse=True)
def _debug_on(settings):
    """seed_demo runs only with DEBUG on, as under `make run`."""
    settings.DEBUG = True


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", exclude=DUMP_EXCLUDE, stdout=out)
    return out.getvalue()


def printed_passwords(output: str) -> dict[str, str]:
    passwords = {}
    for line in output.splitlines():
        words = line.split()
        if len(words) >= 2 and words[0] in USERNAMES:
            passwords[words[0]] = words[1]
    return passwords


@pytest.fixture
def first_output() -> str:
    return seed()


def test_second_run_changes_nothing_in_the_database(first_output):
    before = dump()

    second_output = seed()

    assert dump() == before
    assert "The demo content is already in place: nothing added." in second_output
    assert "The demo community is already in place: nothing added." in second_output


def test_the_dump_compared_between_runs_holds_the_community(first_output):
    before = dump()

    for model in ["memberprofile", "declaration", "experience"]:
        assert f'"model": "community.{model}"' in before


def test_first_run_prints_a_working_password_for_each_role_user(first_output):
    passwords = printed_passwords(first_output)

    assert sorted(passwords) == sorted(USERNAMES)
    for username, password in passwords.items():
        assert authenticate(username=username, password=password) is not None


def test_later_run_names_the_users_but_shows_no_password(first_output):
    second_output = seed()

    assert printed_passwords(second_output) == {}
    for username, password in printed_passwords(first_output).items():
        assert username in second_output
        assert password not in second_output
    assert "`DEBUG=1 manage.py seed_demo --reset-passwords`" in second_output


def test_reset_passwords_replaces_every_password(first_output):
    old = printed_passwords(first_output)

    new = printed_passwords(seed("--reset-passwords"))

    assert sorted(new) == sorted(USERNAMES)
    for username in USERNAMES:
        assert new[username] != old[username]
        assert authenticate(username=username, password=old[username]) is None
        assert authenticate(username=username, password=new[username]) is not None


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
