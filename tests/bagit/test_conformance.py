"""The BagIt conformance suite (bags made by tests/bagit/suite.py): our validator against the suite's expected
outcome and against the Library of Congress ``bagit`` package. `bench/bagit_conformance.py` prints the table."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import bagit
import pytest

from tawthiq.bagit import validate_bag
from tests.bagit.suite import Case, cases

CASES = cases()
# Both name a file the bag does not hold (data/HELLO.txt beside data/hello.txt; data/.DS_Store): RFC 8493 section 3
# makes such a bag incomplete, and on a case-sensitive file system bagit.py says so too. The suite expects a warning
# (on macOS and Windows the first is one file listed twice). Missing evidence is never a warning here.
STRICTER = {"v0.97/warning/duplicate-file-with-different-case", "v0.97/warning/special-system-files"}


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    base = tmp_path_factory.mktemp("suite")
    for case in CASES:
        case.make(base)
    yield base


def bagit_py(root: Path) -> bool:
    """The verdict of the Library of Congress validator (bagit.py), as `bagit.py --validate` gives it."""
    logging.getLogger("bagit").disabled = True
    try:
        bagit.Bag(str(root)).validate()
    except bagit.BagError:
        return False
    return True


def test_the_suite_has_every_case_of_the_library_of_congress_suite() -> None:
    assert len(CASES) == 60 and len({c.path for c in CASES}) == 60
    assert sum(c.counts_on_linux for c in CASES) == 54


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.path)
def test_each_bag_gets_the_outcome_the_suite_expects(suite: Path, case: Case) -> None:
    check = validate_bag(suite / case.path)
    if case.path in STRICTER:
        assert not check.ok and any(p.code == "missing" for p in check.problems)
    else:
        assert check.ok == case.expected_valid, [f.describe() for f in check.findings]
    if case.category == "warning" and check.ok:  # the suite's harness looks for a warning on these
        assert check.warnings


@pytest.mark.parametrize("case", [c for c in CASES if c.counts_on_linux], ids=lambda c: c.path)
def test_where_bagit_py_agrees_with_the_suite_so_do_we(suite: Path, case: Case) -> None:
    theirs = bagit_py(suite / case.path)
    ours = validate_bag(suite / case.path).ok
    if theirs == case.expected_valid:
        assert ours == theirs
    else:  # where bagit.py is wrong we are right, except where we are stricter than the suite (see STRICTER)
        assert ours == case.expected_valid or (case.path in STRICTER and ours == theirs)


def test_the_figures_of_the_closing_note(suite: Path) -> None:
    linux = [c for c in CASES if c.counts_on_linux]
    ours = sum(validate_bag(suite / c.path).ok == c.expected_valid for c in linux)
    theirs = sum(bagit_py(suite / c.path) == c.expected_valid for c in linux)
    assert (ours, theirs) == (52, 50)


@pytest.mark.parametrize("path", ["v1.0/valid/basicBag", "v0.97/invalid/missing-baginfo"])
def test_package_verify_bagit_only_gives_the_verdict_on_the_command_line(suite: Path, path: str,
                                                                        run_cli: Callable[..., Any]) -> None:
    valid = path.split("/")[1] == "valid"
    result = run_cli("package", "verify", str(suite / path), "--bagit-only", "--json", code=0 if valid else 1)
    answer = json.loads(result.stdout)
    assert answer["ok"] is valid and answer["bagit_only"] is True and answer["bagit_version"] in ("1.0", "0.97")
    assert answer["signer"] == "" and (valid or any(f["code"] == "missing" for f in answer["findings"]))
