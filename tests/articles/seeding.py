"""Running ``seed_demo`` in tests, and reading what it printed and stored."""

import io

from django.core.management import call_command

from articles.demo_content import USERS

DUMP_EXCLUDE = ["sessions", "contenttypes", "auth.permission", "admin.logentry"]
USERNAMES = [spec["username"] for spec in USERS]


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
