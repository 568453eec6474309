"""Reading an admin page as a browser: what a form posts, what went wrong."""

import pytest

from bench.admin_pages import parse_page

FORM = """
<form id="other"><input name="elsewhere" value="x"></form>
<form method="post" id="answer_form" action="/save/">
  <input type="hidden" name="csrfmiddlewaretoken" value="token">
  <input type="text" name="title" value="Caf&eacute; &amp; co">
  <textarea name="body">
Line one
Line two</textarea>
  <input type="checkbox" name="keep" checked>
  <input type="checkbox" name="references-0-DELETE">
  <input type="text" name="locked" value="no" disabled>
  <select name="topic"><option value="cause">Cause</option>
    <option value="diagnosis" selected>Diagnosis</option></select>
  <select name="reviewer"><option value="">Any</option><option value="7">Dr A</option>
  </select>
  <input type="submit" name="_save" value="Save">
  <input type="submit" name="_continue" value="Save and continue editing">
  <button type="submit" formaction="/go/" data-transition="submit">Submit</button>
</form>
"""


def test_a_form_posts_what_a_browser_would_with_the_changes_typed_in():
    form = parse_page(FORM, url="/", status=200).form("answer_form")

    data = form.data(button=form.button(name="_continue"), changes={"body": "New text"})

    assert data == [
        ("csrfmiddlewaretoken", "token"),
        ("title", "Café & co"),
        ("body", "New text"),
        ("keep", "on"),
        ("topic", "diagnosis"),
        ("reviewer", ""),
        ("_continue", "Save and continue editing"),
    ]
    assert form.value("body") == "Line one\nLine two"
    assert form.button(**{"data-transition": "submit"}).formaction == "/go/"


def test_typing_into_a_field_the_form_lacks_is_refused():
    form = parse_page(FORM, url="/", status=200).form("answer_form")

    with pytest.raises(LookupError, match="has no field 'locked'"):
        form.data(changes={"locked": "yes"})


def test_error_notes_lists_and_messages_are_problems_and_success_is_not():
    page = parse_page(
        """<title>Change answer | Admin</title>
        <ul class="messagelist"><li class="success">Saved <b>it</b>.</li>
        <li class="warning">Look again.</li></ul>
        <p class="errornote">Please correct the error below.</p>
        <ul class="errorlist" id="id_body_error"><li>Someone else saved this
        answer.</li></ul>""",
        url="/",
        status=200,
    )

    assert page.title == "Change answer | Admin"
    assert page.messages_at("success") == ["Saved it."]
    assert page.problems == [
        "Please correct the error below.",
        "Someone else saved this answer.",
        "Look again.",
    ]
