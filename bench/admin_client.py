"""A person using the admin over HTTP: signs in, reads pages, fills in forms.

Standard library only: ``urllib.request`` with a cookie jar holds the session
and CSRF cookies as a browser would; every POST sends the CSRF token of the
form it fills in and the ``Origin`` header a browser adds. Redirects are not
followed blindly: each step states where it must land, and the page it lands
on must show no error (``admin_pages.Page.problems``) and, when given, the
success message the step should produce. Anything else raises ``StepError``
with one line saying which step went wrong and how.
"""

import http.client
import http.cookiejar
import urllib.request
from collections.abc import Mapping
from urllib.parse import urlencode, urljoin

from django.urls import reverse

from bench import server
from bench.admin_pages import Page, parse_page
from core.reauthentication import PASSWORD_FIELD

LOGIN_FORM = "login-form"
REAUTHENTICATION_FORM = "reauthentication-form"


class StepError(Exception):
    """One step of a person's work in the admin did not go as it should."""


class _Unprocessed(urllib.request.HTTPErrorProcessor):
    """Hand every response back as it came: redirects and errors are checked."""

    def http_response(self, request, response):
        return response

    https_response = http_response


class AdminSession:
    """One user signed in to the admin at ``base_url``, with their own cookies.

    The password is kept to answer the admin when it asks for it again before
    a sign-off, as the person would type it.
    """

    def __init__(self, base_url: str, *, username: str, password: str):
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"not an http(s) URL: {base_url!r}")
        self.base_url = base_url
        self.username = username
        self._password = password
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),
            urllib.request.HTTPCookieProcessor(self.cookies),
            _Unprocessed(),
        )

    def log_in(self) -> Page:
        """Sign in on the admin's login page and land on the dashboard."""
        index = reverse("admin:index")
        step = f"log in as {self.username}"
        page = self.open(f"{reverse('admin:login')}?next={index}", step=step)
        credentials = {"username": self.username, "password": self._password}
        return self.submit(
            page, LOGIN_FORM, step=step, changes=credentials, redirect_to=index
        )

    def open(self, path: str, *, step: str) -> Page:
        """GET a page that must answer 200 and show no error."""
        page = self._request(step, path)
        if page.status != 200:
            raise StepError(f"{step}: GET {path} answered HTTP {page.status}")
        _check_problems(step, page)
        return page

    def submit(
        self,
        page: Page,
        form_id: str,
        *,
        step: str,
        redirect_to: str,
        button: Mapping[str, str] | None = None,
        changes: Mapping[str, str] = {},
        success: str = "",
    ) -> Page:
        """Post a form of ``page`` with ``changes`` typed in, then follow the redirect.

        ``button`` gives attributes of the submit button clicked (none: no
        button's name is sent, as when the form has one unnamed). The answer
        must redirect to ``redirect_to``, whose page must show no error and, if
        ``success`` is given, a success message containing it. A request for
        the password before a sign-off is answered with it.
        """
        try:
            form = page.form(form_id)
            clicked = form.button(**button) if button is not None else None
            data = form.data(button=clicked, changes=changes)
        except LookupError as error:
            raise StepError(f"{step}: {error}") from None
        action = (clicked.formaction if clicked else "") or form.action or page.url
        response = self._request(step, urljoin(page.url, action), data)
        if response.status == 200 and REAUTHENTICATION_FORM in response.forms:
            response = self._confirm_password(step, response)
        expected = urljoin(self.base_url, redirect_to)
        if response.status != 302:
            raise StepError(
                f"{step}: expected a redirect to {redirect_to}, got HTTP "
                f"{response.status}{_what_went_wrong(response)}"
            )
        if urljoin(response.url, response.location) != expected:
            raise StepError(
                f"{step}: redirected to {response.location}, not to {redirect_to}"
            )
        landed = self.open(expected, step=step)
        if success and not any(
            success in text for text in landed.messages_at("success")
        ):
            raise StepError(f"{step}: the page does not say {success!r}")
        return landed

    def _confirm_password(self, step: str, page: Page) -> Page:
        form = page.form(REAUTHENTICATION_FORM)
        data = form.data(changes={PASSWORD_FIELD: self._password})
        return self._request(step, urljoin(page.url, form.action or page.url), data)

    def _request(self, step: str, url: str, data=None) -> Page:
        url = urljoin(self.base_url, url)
        if not url.startswith(f"{self.base_url}/"):
            raise StepError(f"{step}: {url} is not on {self.base_url}")
        headers = {}
        body = None
        if data is not None:
            headers = {"Origin": self.base_url}
            body = urlencode(data).encode()
        # Only URLs on the server under test, whose http(s) base URL is checked
        # when the session is made.
        request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310  # nosec B310
        try:
            with self._opener.open(request, timeout=server.REQUEST_TIMEOUT) as response:
                html = response.read().decode()
                status, location = response.status, response.headers["Location"]
        except (OSError, http.client.HTTPException) as error:
            method = "POST" if data is not None else "GET"
            raise StepError(f"{step}: {method} {url}: {error!r}") from None
        return parse_page(html, url=url, status=status, location=location or "")


def _what_went_wrong(page: Page) -> str:
    """What the page said went wrong, or else what page it is."""
    if page.problems:
        return f": {' '.join(page.problems)!r}"
    return f" ({page.title!r})" if page.title else ""


def _check_problems(step: str, page: Page) -> None:
    if page.problems:
        raise StepError(f"{step}: {page.url} shows {' '.join(page.problems)!r}")
