#!/usr/bin/env python3
"""Open XML SDK-style validation with openxml-audit, on each DOCX given.

Usage: docx_validate.py FILE.docx...

Every finding (error, warning or note) is printed and fails the check. Afterwards a
copy of the first file with an element the WordprocessingML schema does not allow at
the start of the body must be reported: the negative control that proves the
validator reads our documents at all. Exits non-zero on any failure.
"""

import sys
import tempfile
import zipfile
from pathlib import Path

from openxml_audit import OpenXmlValidator


def broken_copy(path, folder):
    """The same package with `<w:bogus/>` as the body's first child."""
    out = Path(folder) / ("ongeldig-" + Path(path).name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                if "<w:body>" not in text:
                    raise ValueError(f"{path}: word/document.xml has no <w:body>")
                data = text.replace("<w:body>", "<w:body><w:bogus/>", 1).encode("utf-8")
            # A fresh ZipInfo: writestr would otherwise rewrite the source's offsets.
            dst.writestr(zipfile.ZipInfo(item.filename, item.date_time), data, zipfile.ZIP_DEFLATED)
    return out


def main(argv):
    files = argv[1:]
    if not files:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    validator = OpenXmlValidator()
    failed = 0
    for path in files:
        try:
            result = validator.validate(path)
        except Exception as err:  # the validator's own failure must fail CI, not crash it
            print(f"FAIL openxml-audit: {path}: {type(err).__name__}: {err}")
            failed += 1
            continue
        if result.errors or not result.is_valid:
            failed += 1
            print(
                f"FAIL openxml-audit: {path}: {result.error_count} errors, "
                f"{result.warning_count} warnings, {len(result.errors)} findings"
            )
            for e in result.errors:
                print(f"     {e.severity.value}: {e}")
        else:
            print(f"ok   openxml-audit: {path}: 0 findings")

    with tempfile.TemporaryDirectory() as folder:
        try:
            control = broken_copy(files[0], folder)
            result = validator.validate(str(control))
        except Exception as err:
            print(f"FAIL openxml-audit: the broken control of {files[0]}: {type(err).__name__}: {err}")
            return 1
        if result.error_count == 0:
            print(f"FAIL openxml-audit: a copy of {files[0]} with <w:bogus/> in the body passes, so the check cannot fail")
            failed += 1
        else:
            print(f"ok   openxml-audit: flags a copy of {files[0]} with <w:bogus/> in the body ({result.errors[0]})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
