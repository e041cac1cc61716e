"""The batch screens at /work/ (``work:``): their addresses, today's date as typed in their forms,
and the errors a form shows above its fields."""

from django.urls import reverse
from django.utils import timezone

TODAY = timezone.localdate
DATE = lambda: TODAY().strftime("%d/%m/%Y")  # noqa: E731


def url(name, *args):
    return reverse(f"work:{name}", args=args)


def form_errors(response):
    return [str(e) for e in response.context["form"].non_field_errors()]
