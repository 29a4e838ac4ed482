"""The add-book form takes an ISBN as it is printed, and sends only its characters."""

from __future__ import annotations

import pytest

from desktop.catalog.form import BookForm
from domain.core import ValidationError


@pytest.fixture
def form(qtbot) -> BookForm:
    form = BookForm()
    qtbot.addWidget(form)
    for field, text in (("title", "Dune"), ("author", "Frank Herbert"), ("price_amount", "9")):
        qtbot.keyClicks(form.line_edits[field], text)
    return form


def isbn_message(form: BookForm) -> str:
    message = form.messages["isbn"]
    return "" if message.isHidden() else message.text()


@pytest.mark.parametrize(("typed", "sent"), [
    ("978-0-13-468599-1", "9780134685991"),
    ("978 0 13 468599 1", "9780134685991"),
    ("0 13 468599 7", "0134685997"),
    ("0-8044-2957-x", "080442957X"),
    ("  9780134685991  ", "9780134685991"),
    ("", ""),
])
def test_hyphens_and_spaces_may_be_typed_and_the_command_carries_the_isbn_alone(
        qtbot, form, typed, sent):
    qtbot.keyClicks(form.line_edits["isbn"], typed)
    assert form.command().isbn == sent
    assert isbn_message(form) == ""
    assert form.add_button.isEnabled()


@pytest.mark.parametrize(("typed", "said"), [
    ("978-0-13-468599-2", "check digit"),
    ("978-0-13-46859", "10 or 13 characters"),
    ("978-0-13-4685A9-1", "digits, hyphens and spaces only"),
    ("97X-0-13-468599-1", "digits, hyphens and spaces only"),
    ("978/0/13/468599/1", "digits, hyphens and spaces only"),
])
def test_an_invalid_isbn_is_refused_at_its_field(qtbot, form, typed, said):
    qtbot.keyClicks(form.line_edits["isbn"], typed)
    with pytest.raises(ValidationError) as refused:
        form.command()
    assert list(refused.value.messages) == ["isbn"]
    assert said in isbn_message(form)
    assert not form.add_button.isEnabled()
