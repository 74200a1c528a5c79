"""The BagIt conformance table: for each case of the Library of Congress suite, the expected outcome, ours
(`tawthiq package verify --bagit-only`) and bagit.py's (`bagit.py --validate`), each run as a command the way the
suite's own harness runs validators.

The bags are made by tests/bagit/suite.py (no package ships the suite). `--suite DIR` runs on a checkout of the
suite instead, for a cross-check; nothing is downloaded. `--in-process` calls both validators as libraries (fast).

    .venv/bin/python bench/bagit_conformance.py [--suite DIR] [--in-process]
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
import tempfile
from pathlib import Path

from _common import TAWTHIQ, child

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.bagit.suite makes the bags
BAGIT_PY = str(Path(sys.executable).parent / "bagit.py")


def ours(bag: Path, in_process: bool) -> tuple[bool, bool]:
    """(valid, warned) by `tawthiq package verify --bagit-only`."""
    if in_process:
        from tawthiq.bagit import validate_bag

        check = validate_bag(bag)
        return check.ok, bool(check.warnings)
    run = child([TAWTHIQ, "package", "verify", str(bag), "--bagit-only", "--json"], env=_env(bag), check=False,
                capture=True)
    answer = json.loads(run.stdout)
    return answer["ok"], bool(answer["warnings"])


def bagit_py(bag: Path, in_process: bool) -> bool:
    """Valid by the Library of Congress validator (its exit code; its warnings are not shown)."""
    if in_process:
        import bagit

        logging.disable(logging.CRITICAL)
        try:
            bagit.Bag(str(bag)).validate()
        except bagit.BagError:
            return False
        return True
    return child([BAGIT_PY, "--validate", "--quiet", str(bag)], env=_env(bag), check=False).code == 0


def _env(bag: Path) -> dict[str, str]:
    import os

    return {**os.environ, "TAWTHIQ_DATA_DIR": str(bag.parent / "no-data-dir")}  # verify needs no database


def shown(valid: bool, warned: bool) -> str:
    return ("valid, warned" if warned else "valid") if valid else "invalid"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", type=Path, help="a checkout of the conformance suite to run on instead")
    parser.add_argument("--in-process", action="store_true", help="call both validators as libraries")
    args = parser.parse_args()
    from tests.bagit.suite import cases

    work = Path(tempfile.mkdtemp(prefix="tawthiq-bagit-"))
    try:
        base = args.suite.resolve() if args.suite else work
        rows = []
        for case in cases():
            bag = base / case.path if args.suite else case.make(work)
            if not bag.is_dir():
                continue
            rows.append((case, ours(bag, args.in_process), bagit_py(bag, args.in_process)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    width = max(len(case.path) for case, _o, _b in rows)
    print(f"{'case':{width}}  {'expected':8}  {'ours':13}  {'bagit.py':8}")
    for case, (valid, warned), theirs in rows:
        expected = "valid" if case.expected_valid else "invalid"
        marks = ("" if valid == case.expected_valid else "  ours differs") + (
            "" if theirs == case.expected_valid else "  bagit.py differs")
        print(f"{case.path:{width}}  {expected:8}  {shown(valid, warned):13}  {shown(theirs, False):8}{marks}")
    for label, chosen in (("Linux cases (the suite's harness skips windows-only)", True), ("windows-only", False)):
        picked = [(c, o, b) for c, o, b in rows if c.counts_on_linux == chosen]
        agree_ours = sum(o[0] == c.expected_valid for c, o, _b in picked)
        agree_theirs = sum(b == c.expected_valid for c, _o, b in picked)
        both = sum(o[0] == c.expected_valid for c, o, b in picked if b == c.expected_valid)
        print(f"\n{label}: {len(picked)} bags; agree with the expected outcome: ours {agree_ours}, bagit.py "
              f"{agree_theirs}; where bagit.py agrees, ours agrees on {both} of {agree_theirs}")


if __name__ == "__main__":
    main()
