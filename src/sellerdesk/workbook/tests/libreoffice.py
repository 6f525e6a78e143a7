"""Recalculating a workbook in headless LibreOffice, as a seller's spreadsheet would.

LibreOffice does not recalculate an xlsx file on loading by default, so it runs with a
profile of its own that forces it; each run gets its own profile directory.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
MISSING = (
    "LibreOffice (soffice) is not installed: `make test` installs it where it may, or run "
    "sudo apt-get install libreoffice-calc-nogui"
)


def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("SELLERDESK_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(f"{MISSING} (SELLERDESK_REQUIRE_LIBREOFFICE=1)", pytrace=False)
        pytest.skip(MISSING)
    return found


def recalculated(source: Path, work: Path) -> Path:
    """`source` opened, recalculated and saved again as xlsx by LibreOffice."""
    return converted(source, "xlsx:Calc MS Excel 2007 XML", work)


def converted(source: Path, kind: str, work: Path) -> Path:
    """`source` opened (recalculated) and saved by LibreOffice as `kind` ("ods", ...)."""
    program = soffice()
    profile = work / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(PROFILE)
    out = work / "recalculated"
    out.mkdir(exist_ok=True)
    subprocess.run(
        [program, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
         "--convert-to", kind, "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    result = out / f"{source.stem}.{kind.split(':')[0]}"
    assert result.exists(), f"LibreOffice wrote no {result.name}"
    return result
