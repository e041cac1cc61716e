"""A list's query budget: as many queries with 12 rows as with 2."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def rows_shown(response) -> int:
    assert response.status_code == 200
    context = response.context
    for name in ("object_list", "rows", "events"):
        if name in context:
            return len(context[name])
    raise AssertionError("no rows in the page's context")


def assert_constant(client, url, add_row, django_assert_num_queries, rows_per_call=1):
    """``url`` costs as many queries with 12 rows as with 2."""
    for _ in range(2 // rows_per_call):
        add_row()
    client.get(url)  # caches filled once per process (content types, the session)
    with CaptureQueriesContext(connection) as two:
        assert rows_shown(client.get(url)) == 2
    for _ in range(10 // rows_per_call):
        add_row()
    with django_assert_num_queries(len(two)):
        assert rows_shown(client.get(url)) == 12
