"""schemathesis against the OpenAPI schema, bounded: generated requests to every operation, valid and invalid,
never get a 5xx (ten valid and ten invalid requests per operation, under a second each)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from tawthiq.config import Settings
from tawthiq.services.accounts import users as accounts
from tawthiq.web import api, create_app, linkage_api, protection_api
from tests.conftest import SAMPLES
from tests.web.conftest import Seeded

OPERATIONS = sorted((method, "/api/v1" + route.path) for router in (api.router, linkage_api.router,
                                                                    protection_api.router)
                    for route in router.routes for method in getattr(route, "methods", set()) - {"HEAD"})
BOUND = settings(max_examples=10, deadline=None, derandomize=True, database=None,
                 suppress_health_check=list(HealthCheck))


@dataclass
class Target:
    schema: Any
    token: str
    seeded: Seeded


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory, _seeded_template: tuple[Path, Seeded]) -> Iterator[Target]:
    """One app on one copy of the seeded data directory for the whole module: what a generated request writes
    does not matter here, and building an app per operation would cost more than the requests."""
    data = tmp_path_factory.mktemp("schemathesis") / "data"
    shutil.copytree(_seeded_template[0], data)
    app = create_app(Settings(data_dir=data, user="tester", samples_dir=SAMPLES))
    with TestClient(app):  # runs the lifespan: the workspace is closed afterwards
        token = accounts.create_token(app.state.ws, username="coordinator", name="schemathesis")
        yield Target(schemathesis.openapi.from_asgi("/api/v1/openapi.json", app), token, _seeded_template[1])


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_no_operation_answers_a_server_error(target: Target, method: str, path: str, mode: GenerationMode) -> None:
    operation = target.schema[path][method]
    # half the examples name records that exist, so the operations get past "not found"
    known = {"ident": (target.seeded.reports if "/reports/" in path else target.seeded.evidence if "/evidence/" in path
                       else target.seeded.events)["internal"]} if "{ident}" in path else {}
    if "{kind}" in path:
        known["kind"] = "event"
    if "{username}" in path:
        known["username"] = "viewer"
    cases = operation.as_strategy(generation_mode=mode)
    if known:
        cases = st.one_of(cases, operation.as_strategy(generation_mode=mode, path_parameters=known))
    seen: list[int] = []

    @BOUND
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        case = data.draw(cases)
        response = case.call(headers={"Authorization": f"Bearer {target.token}"})
        seen.append(response.status_code)
        assert response.status_code < 500, (case.method, case.formatted_path, case.query, case.body,
                                            response.text[:300])

    try:
        check()
    except Unsatisfiable:
        if mode is GenerationMode.NEGATIVE:  # its parameters are free strings: there is no invalid request to make
            pytest.skip("every request this operation's schema allows is valid")
        raise
    assert seen  # the operation was called
