"""What a unit merger tells the apps that build on the units it moves, which it does not know."""

from django.dispatch import Signal

# Sent inside the merger's transaction once an open dossier belongs to the successor, with
# ``dossier`` (locked), ``successor``, ``audit`` (``actor``, ``role`` and ``unit`` the merger is
# recorded with) and ``comment`` (its legal basis). Each receiver returns what it moved with the
# dossier, for the dossier's ``dossier.moved`` audit event: a dict, or None.
dossier_moved = Signal()
