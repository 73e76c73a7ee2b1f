"""The Form base words WTForms' stock messages in the product's voice, naming the field."""

from werkzeug.datastructures import MultiDict
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange

from curriculum.forms import Form
from curriculum.standards.models import StandardVersion


class Sample(Form):
    class Meta:
        csrf = False

    title = StringField("Title", validators=[DataRequired(), Length(max=10)])
    colour = SelectField("Colour", choices=[SelectChoice("red", "Red")])
    count = IntegerField("How many", validators=[NumberRange(min=1, max=5)])
    when = DateField("Start date")


def _errors(app, **data) -> dict:
    with app.test_request_context(method="POST", data=data):
        form = Sample(formdata=MultiDict(data))
        assert not form.validate()
        return form.errors


def test_stock_messages_name_the_field_and_say_what_to_do(app):
    errors = _errors(app, title="x" * 12, colour="blue", count="9", when="June")
    assert errors["title"] == ["Title: use at most 10 characters (you typed 12)."]
    assert errors["colour"][0].startswith("Colour: choose one of the options listed")
    assert errors["count"] == ["How many: enter a number from 1 to 5."]
    assert errors["when"] == ["Start date: enter a date as YYYY-MM-DD, such as 2026-09-01."]
    assert _errors(app, title="", colour="red", count="2", when="2026-01-01") == {
        "title": ["Title: fill this in."]
    }


def test_a_too_long_title_on_a_real_page_says_how_long_it_was(
    client, login_as, partnership, factory, db
):
    from curriculum.standards import tree

    framework = tree.create_framework(partnership, {"title": "Production", "coding_prefix": "P"})
    author = factory.member(partnership, "panelist")
    cwf = tree.add_standard(framework, None, "critical_work_function", "Safety", author=author)
    db.session.commit()
    login_as("panelist")
    response = client.post(
        f"/standards/{cwf.id}/edit",
        data={"base_version": "1", "title": "t" * 312, "statement": "", "change_note": ""},
    )
    assert response.status_code == 200
    assert "Title: use at most 300 characters (you typed 312)." in response.text
    assert "Field cannot be longer" not in response.text
    assert db.session.scalar(db.select(db.func.count(StandardVersion.id))) == 1


def test_a_long_select_writes_what_wtforms_select_writes(app):
    from wtforms.widgets import Select

    from curriculum.forms import LongSelect, whole

    choices = [
        SelectChoice(1, 'A.1 Guards & "interlocks" <checked>'),
        SelectChoice(2, "A.2 Second"),
        SelectChoice(3, ""),  # no label: the value is shown
        SelectChoice(4, "With attributes", render_kw={"disabled": True}),
    ]

    class Plain(Form):
        class Meta:
            csrf = False

        parent = SelectField("Parent", coerce=whole, choices=choices)
        flag = SelectField(
            "Flag", choices=[SelectChoice(True, "Yes"), SelectChoice(False, "No")], coerce=str
        )

    class Long(Plain):
        parent = SelectField("Parent", coerce=whole, choices=choices, widget=LongSelect())
        flag = SelectField(
            "Flag",
            choices=[SelectChoice(True, "Yes"), SelectChoice(False, "No")],
            widget=LongSelect(),
        )

    with app.test_request_context():
        for data in ({"parent": 2, "flag": "True"}, {"parent": 9}, {}):
            plain, long = Plain(data=data), Long(data=data)
            for name in ("parent", "flag"):
                assert str(long[name]()) == str(plain[name]()), name
                assert str(long[name](class_="wide")) == str(plain[name](class_="wide"))
        html = str(Long(data={"parent": 2}).parent())
        assert '<option selected value="2">A.2 Second</option>' in html
        assert "A.1 Guards &amp; &#34;interlocks&#34; &lt;checked&gt;" in html
        assert '<option value="3">3</option>' in html
        assert '<option disabled value="4">With attributes</option>' in html
        assert isinstance(Select(), Select) and isinstance(LongSelect(), Select)
