"""schemathesis against the API's own OpenAPI schema, on a live server holding the demo's data.

Every operation of the schema is called with generated input (valid and invalid, with ids that
exist and ids that do not) under the tokens of the demo's users, one role each; no answer may be a
server error, and every answer must be one the schema describes, in its status code, content type
and body. ``API_FUZZ_EXAMPLES`` sets the number of calls per operation (25 by default).
"""

import os

import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as examples
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from viewflow.workflow.models import Task

from audit.models import AuditEvent
from dossiers.models import AwardForm, Campaign, Document, Dossier
from roles.models import Unit, User
from tests.live import audit_triggers_restored, demo, live_server, transactional_db  # noqa: F401

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "25"))
USERS = ["xa_ta_van", "ldtbxh", "noivu", "chutich", "tinh", "kiemtoan", "truong_ldtbxh"]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# The resource each path's ``id`` names, by the path's first segment under /api/.
RESOURCES = {
    "dossiers": Dossier,
    "tasks": Task,
    "campaigns": Campaign,
    "award-forms": AwardForm,
    "units": Unit,
    "audit": AuditEvent,
}


def known_ids(path: str, parameter: str) -> list[int]:
    """Ids that exist for a path parameter, so that calls reach past the 404s."""
    if parameter != "id":
        return list(Document.objects.values_list("pk", flat=True))
    model = RESOURCES.get(path.removeprefix("/api/").split("/")[0])
    return [] if model is None else list(model.objects.values_list("pk", flat=True)[:50])


def strategy(operation):
    generated = [operation.as_strategy(mode) for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]
    parameters = [parameter.name for parameter in operation.path_parameters]
    known = {name: known_ids(operation.path, name) for name in parameters}
    if parameters and all(known.values()):
        generated.append(
            st.fixed_dictionaries({name: st.sampled_from(ids) for name, ids in known.items()}).flatmap(
                lambda values: operation.as_strategy(path_parameters=values)
            )
        )
    return st.one_of(generated)


def test_every_generated_call_answers_within_the_schema_and_without_a_server_error(live_server, demo):
    tokens = {
        username: Token.objects.get_or_create(user=User.objects.get(username=username))[0].key for username in USERS
    }
    schema = schemathesis.openapi.from_url(
        f"{live_server.url}/api/schema/?format=json", headers={"Authorization": f"Token {tokens['ldtbxh']}"}
    )
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20

    for operation in operations:

        @given(case=strategy(operation), username=st.sampled_from(USERS))
        @examples(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,  # the same calls on every run: CI proves what a run here proved
            phases=[Phase.explicit, Phase.generate],  # the first failure of each operation, unshrunk
            suppress_health_check=list(HealthCheck),
        )
        def call(case, username):
            response = case.call(base_url=live_server.url, headers={"Authorization": f"Token {tokens[username]}"})
            case.validate_response(response, checks=CHECKS)

        try:
            call()
        except (Exception, FailureGroup) as failure:  # every operation is tried; the failures are listed
            failures.append(f"{operation.method.upper()} {operation.path}: {failure}")
    assert not failures, "\n\n".join(failures)
