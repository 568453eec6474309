"""Production settings, checked the way an operator starts the app: a fresh process."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
SETTINGS_VARIABLE = re.compile(r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""")
EXAMPLE_VARIABLE = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)


def settings_variables() -> set[str]:
    return set(
        SETTINGS_VARIABLE.findall((BASE_DIR / "diseasemaps/settings.py").read_text())
    )


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py with only ``env`` among the variables the settings read."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in settings_variables() and not name.startswith("DJANGO_")
    }
    environment.update(env)
    return subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_under_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="example.org",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_demo_database_checks_clean():
    """``make run`` on the SQLite file prints no warning before each command."""
    result = manage(
        "check", "--database", "default", "--fail-level", "WARNING", DEBUG="1"
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "W040" not in result.stdout + result.stderr


def test_deploy_check_asks_for_a_shared_cache_while_the_page_cache_is_on():
    production = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.org",
    }
    per_process = manage("check", "--deploy", "--fail-level", "WARNING", **production)
    page_cache_off = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        PAGE_CACHE_SECONDS="0",
        **production,
    )

    assert per_process.returncode != 0
    assert "diseasemaps.W001" in per_process.stderr
    assert "CACHE_URL" in per_process.stderr
    assert page_cache_off.returncode == 0, page_cache_off.stderr


def test_missing_secret_key_with_debug_off_is_a_clear_error():
    result = manage("check", DEBUG="0", ALLOWED_HOSTS="example.org")

    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_env_example_lists_every_variable_the_settings_read():
    documented = set(EXAMPLE_VARIABLE.findall((BASE_DIR / ".env.example").read_text()))

    assert settings_variables() - documented == set()


def staff_2fa_required(**env: str) -> str:
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.STAFF_2FA_REQUIRED)",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="example.org",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_staff_two_factor_is_on_in_production_and_off_in_development():
    assert staff_2fa_required(DEBUG="0") == "True"
    assert staff_2fa_required(DEBUG="1") == "False"
    assert staff_2fa_required(DEBUG="0", STAFF_2FA_REQUIRED="0") == "False"


def test_a_redis_cache_gives_up_quickly_unless_the_url_says_otherwise():
    def cache_options(url: str) -> str:
        result = manage(
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings; "
            "print(sorted(settings.CACHES['default']['OPTIONS'].items()))",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="example.org",
            CACHE_URL=url,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert cache_options("redis://127.0.0.1:6379/1") == (
        "[('SOCKET_CONNECT_TIMEOUT', 0.25), ('SOCKET_TIMEOUT', 0.25)]"
    )
    assert cache_options("redis://127.0.0.1:6379/1?SOCKET_TIMEOUT=2") == (
        "[('SOCKET_CONNECT_TIMEOUT', 0.25), ('SOCKET_TIMEOUT', 2)]"
    )


def test_the_bench_app_is_installed_only_when_benchmarking():
    production = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.org",
    }
    off = manage("help", "generate_load_data", **production)
    on = manage("help", "generate_load_data", BENCHMARKING="1", **production)

    assert off.returncode != 0
    assert "Unknown command: 'generate_load_data'" in off.stderr
    assert on.returncode == 0, on.stderr
    assert "--force-append" in on.stdout
