"""schemathesis against the app's OpenAPI description: requests generated from it to every read
operation get no server error and answers that conform to the description."""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from newsgraph.web.app import LOOPBACK, create_app

from .conftest import TOKEN, Cloner

EXAMPLES = 30  # per operation


@pytest.fixture
def api(clone_store: Cloner) -> schemathesis.BaseSchema:
    # schemathesis calls the app as host "testserver": allowed as `--allowed-host testserver` would
    app = create_app(clone_store(), TOKEN, (*LOOPBACK, "testserver"))
    # /api/quotes/facets answers (name, count) pairs, described by OpenAPI 3.1's prefixItems (valid:
    # test_web_openapi_document_validates); schemathesis 4.32 rewrites prefixItems into a Draft 4
    # items list and then rejects its own rewrite, so that one operation is left to the API tests.
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    return schema.include(method="GET").exclude(path="/api/quotes/facets")


def test_web_schema_conforms(api: schemathesis.BaseSchema) -> None:
    checked = []
    for found in api.get_all_operations():
        operation = found.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
        def conforms(case: schemathesis.Case) -> None:
            case.call_and_validate()

        conforms()
        checked.append(operation.label)
    assert len(checked) >= 10, checked


@pytest.mark.parametrize("path", ["/?q=a%00b", "/speakers?q=%00", "/events?actor=%00", "/api/quotes?q=%00"])
def test_web_nul_in_a_query_is_refused(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 422, answer.text
