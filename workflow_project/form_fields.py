"""Template filters every app's screens may load (``{% load form_fields %}``; the library is named
in the settings' ``TEMPLATES``): a form's field rendered as viewflow's frontend renders the fields
of its own forms, a Material web component with its label, help text and error. For the screens
whose templates lay out their fields themselves, so that a date there gets the picker of the task
screens, writing dd/mm/yyyy."""

from xml.etree import ElementTree

from django import template
from django.utils.safestring import mark_safe
from viewflow.forms import FormLayout

register = template.Library()


@register.filter
def component(bound_field):
    root = ElementTree.Element("div", {"class": "vf-field"})
    FormLayout().append_field(root, bound_field)
    # ElementTree escapes the values it writes, as viewflow relies on for its own forms.
    return mark_safe(ElementTree.tostring(root, encoding="unicode", method="html"))
