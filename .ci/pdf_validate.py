#!/usr/bin/env python3
"""PDF/A-2a and PDF/UA-1 with page-validation (`page`), on each PDF given.

Usage: pdf_validate.py [--expect-failure] FILE.pdf...

Every rule page reports as failed is printed with its message and object. With
--expect-failure each file must fail both profiles: the conformance script's negative
control (a `--pdf-profile plain` file) that proves the check can fail at all.
Exits non-zero on any failure.
"""

import sys

import page

PROFILES = (("2a", "PDF/A-2a"), ("ua1", "PDF/UA-1"))


def findings(report):
    for f in report.failures:
        where = f" (object {f.object_id.object_number} {f.object_id.generation})" if f.object_id else ""
        yield f"{f.rule_id}: {f.message}{where}"


def main(argv):
    expect_failure = argv[1:2] == ["--expect-failure"]
    files = argv[2:] if expect_failure else argv[1:]
    if not files:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    failed = 0
    for path in files:
        reports = []
        try:
            for profile, name in PROFILES:
                reports.append((name, page.validate_pdf(path, profile=profile)))
        except (page.PageError, OSError) as err:
            print(f"FAIL page: {path}: {type(err).__name__}: {err}")
            failed += 1
            continue
        if expect_failure:
            passed = [name for name, r in reports if r.is_compliant and not r.failures]
            if passed:
                print(f"FAIL page: the plain control {path} passes {' and '.join(passed)}, so the check cannot fail")
                failed += 1
            else:
                counts = ", ".join(f"{name} {r.rules.failed} rules" for name, r in reports)
                print(f"ok   page: rejects the plain control {path} ({counts} failed)")
            continue
        bad = [(name, r) for name, r in reports if not r.is_compliant or r.failures]
        if bad:
            failed += 1
            print(f"FAIL page: {path} is not {' and '.join(name for name, _ in bad)}")
            for name, r in bad:
                for line in findings(r):
                    print(f"     {name} {line}")
        else:
            counts = ", ".join(f"{name} {r.rules.total} rules" for name, r in reports)
            print(f"ok   page: {path} passes {counts}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
