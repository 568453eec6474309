"""The forms and messages of an admin page, read the way a browser reads them.

Standard library only (``html.parser``). A form's fields are what a browser
would post if nothing were typed: every named control that is not disabled,
checkboxes and radios only when checked, a select's selected option (its first
when none is), a textarea's text without the one newline that may follow its
start tag. Submit buttons are kept apart: only the one clicked is posted.

The problems of a page are what the admin shows when something went wrong: an
``errornote``, an ``errorlist`` and messages of the error or warning level.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser

SUBMIT_TYPES = {"submit", "image"}
UNPOSTED_TYPES = {"button", "reset", "file"}
PROBLEM_LEVELS = {"error", "warning"}


@dataclass(frozen=True)
class Button:
    name: str
    value: str
    formaction: str
    attrs: dict[str, str]


@dataclass
class Form:
    id: str
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)

    def value(self, name: str) -> str:
        """The value the form holds for ``name`` (its first, if several)."""
        for key, value in self.fields:
            if key == name:
                return value
        raise LookupError(f"form {self.id!r} has no field {name!r}")

    def button(self, **attrs: str) -> Button:
        """The submit button whose attributes include ``attrs``."""
        for button in self.buttons:
            if all(button.attrs.get(key) == value for key, value in attrs.items()):
                return button
        wanted = " ".join(f'{key}="{value}"' for key, value in attrs.items())
        raise LookupError(f"form {self.id!r} has no button with {wanted}")

    def data(
        self, *, button: Button | None = None, changes: Mapping[str, str] = {}
    ) -> list[tuple[str, str]]:
        """What the browser posts after ``changes`` are typed and ``button`` clicked.

        Every other field keeps the value the page gave it. Typing into a field
        the form does not have is refused: the page is not the one expected.
        """
        names = {name for name, _ in self.fields}
        unknown = sorted(set(changes) - names)
        if unknown:
            raise LookupError(f"form {self.id!r} has no field {unknown[0]!r}")
        data = [(name, changes.get(name, value)) for name, value in self.fields]
        if button is not None and button.name:
            data.append((button.name, button.value))
        return data


@dataclass
class Page:
    url: str
    status: int
    location: str = ""
    title: str = ""
    forms: dict[str, Form] = field(default_factory=dict)
    messages: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def form(self, form_id: str) -> Form:
        try:
            return self.forms[form_id]
        except KeyError:
            raise LookupError(f"the page has no form {form_id!r}") from None

    def messages_at(self, level: str) -> list[str]:
        return [text for tags, text in self.messages if level in tags.split()]

    @property
    def problems(self) -> list[str]:
        """Error notes, error lists and error or warning messages, as shown."""
        return self.errors + [
            text
            for tags, text in self.messages
            if PROBLEM_LEVELS.intersection(tags.split())
        ]


def parse_page(html: str, *, url: str, status: int, location: str = "") -> Page:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return Page(
        url=url,
        status=status,
        location=location,
        title=parser.title,
        forms={form.id: form for form in parser.forms},
        messages=parser.messages,
        errors=parser.errors,
    )


@dataclass
class _Text:
    """The text of an element being read, up to its own end tag."""

    tag: str
    on_end: Callable[[str], None]
    depth: int = 1
    parts: list[str] = field(default_factory=list)


@dataclass
class _Select:
    name: str
    # (value attribute or None, selected, text) per option
    options: list[tuple[str | None, bool, list[str]]] = field(default_factory=list)

    def value(self) -> tuple[str, str] | None:
        chosen = [option for option in self.options if option[1]] or self.options
        if not chosen:
            return None
        value, _, text = chosen[0]
        return self.name, value if value is not None else _squeeze("".join(text))


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _textarea_value(text: str) -> str:
    # A browser drops the one newline that follows <textarea>; the parser keeps it.
    return text[2:] if text.startswith("\r\n") else text.removeprefix("\n")


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.messages: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.title = ""
        self._form: Form | None = None
        self._in_message_list = False
        self._text: _Text | None = None
        self._select: _Select | None = None

    def handle_starttag(self, tag, attr_list):
        attrs = {name: value or "" for name, value in attr_list}
        classes = set(attrs.get("class", "").split())
        if self._text is not None and tag == self._text.tag:
            self._text.depth += 1
        elif tag == "title":
            self._read(tag, self._set_title)
        elif tag == "ul" and "messagelist" in classes:
            self._in_message_list = True
        elif tag == "li" and self._in_message_list:
            tags = attrs.get("class", "")
            self._read(tag, lambda text: self.messages.append((tags, _squeeze(text))))
        elif (tag == "p" and "errornote" in classes) or (
            tag == "ul" and "errorlist" in classes
        ):
            self._read(tag, lambda text: self.errors.append(_squeeze(text)))
        if tag == "form":
            self._form = Form(id=attrs.get("id", ""), action=attrs.get("action", ""))
            self.forms.append(self._form)
        elif self._form is not None and "disabled" not in attrs:
            self._control(tag, attrs)

    def handle_endtag(self, tag):
        if self._text is not None and tag == self._text.tag:
            self._text.depth -= 1
            if self._text.depth == 0:
                text, self._text = self._text, None
                text.on_end("".join(text.parts))
        if tag == "ul":
            self._in_message_list = False
        elif tag == "select" and self._select is not None:
            if (value := self._select.value()) is not None:
                self._form.fields.append(value)
            self._select = None
        elif tag == "form":
            self._form = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.parts.append(data)
        if self._select is not None and self._select.options:
            self._select.options[-1][2].append(data)

    def _set_title(self, text: str) -> None:
        # The document's title comes first; an icon's own <title> may follow.
        self.title = self.title or _squeeze(text)

    def _read(self, tag: str, on_end: Callable[[str], None]) -> None:
        if self._text is None:
            self._text = _Text(tag, on_end)

    def _control(self, tag: str, attrs: dict[str, str]) -> None:
        form, name, kind = self._form, attrs.get("name", ""), attrs.get("type", "")
        if tag == "button" or (tag == "input" and kind in SUBMIT_TYPES):
            if (kind or "submit") in SUBMIT_TYPES:
                form.buttons.append(
                    Button(
                        name=name,
                        value=attrs.get("value", ""),
                        formaction=attrs.get("formaction", ""),
                        attrs=attrs,
                    )
                )
        elif tag == "option" and self._select is not None:
            self._select.options.append((attrs.get("value"), "selected" in attrs, []))
        elif not name:
            return
        elif tag == "input" and kind in ("checkbox", "radio"):
            if "checked" in attrs:
                form.fields.append((name, attrs.get("value", "on")))
        elif tag == "input" and kind not in UNPOSTED_TYPES:
            form.fields.append((name, attrs.get("value", "")))
        elif tag == "textarea":
            self._read(
                tag, lambda text: form.fields.append((name, _textarea_value(text)))
            )
        elif tag == "select":
            self._select = _Select(name)
