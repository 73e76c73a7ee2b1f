"""The preferences form: for every kind of notification, how the person wants it delivered."""

from __future__ import annotations

from wtforms import RadioField
from wtforms.fields.choices import SelectChoice

from curriculum.forms import Form
from curriculum.notifications import kinds
from curriculum.notifications.models import Delivery

PREFIX = "delivery_"  # a kind's field is named PREFIX + the kind's name


class PreferencesForm(Form):
    """One choice of delivery per kind; `preferences_form()` adds the fields."""

    def choices(self) -> dict[str, Delivery]:
        """{kind name: the delivery chosen} from the validated form."""
        return {
            name: Delivery(self[PREFIX + name].data)
            for name in kinds.KINDS
            if self[PREFIX + name].data
        }


def preferences_form(current: dict[str, Delivery]) -> PreferencesForm:
    """The form for every registered kind, each starting at the person's current choice (a kind
    left out of a submitted form keeps it)."""

    class Preferences(PreferencesForm):
        pass

    options = [SelectChoice(delivery.value, delivery.label) for delivery in Delivery]
    for name, kind in kinds.KINDS.items():
        field = RadioField(kind.label, choices=options, default=current[name].value)
        setattr(Preferences, PREFIX + name, field)
    return Preferences()
