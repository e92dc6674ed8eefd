"""Count passed and failed tests of one step: count_results.py EXIT_CODE [JUNIT_DIR [--rescued]].

With JUNIT_DIR (the JUnit XML files ansible-test or pytest wrote), the test cases in them; a step that
failed without a failed test case in them counts one failure more. Without it (or when it holds no file),
the step is one check: its exit code. Prints "PASSED FAILED".

--rescued is for integration targets, whose JUnit files (the junit callback) hold one test case per task: a
task that fails on purpose and is rescued by the playbook (a test of a failure) is recorded as failed there,
so failed tasks count as failures only when the step failed (its exit code), and never as passes.
"""

from __future__ import annotations

import pathlib
import sys
import xml.etree.ElementTree as ET


def from_junit(directory):
    """(passed, failed) test cases in the JUnit files of a directory; skipped ones count as neither."""
    passed = failed = 0
    for path in sorted(pathlib.Path(directory).glob('*.xml')):
        for case in ET.parse(path).getroot().iter('testcase'):
            if case.find('failure') is not None or case.find('error') is not None:
                failed += 1
            elif case.find('skipped') is None:
                passed += 1
    return passed, failed


def main():
    exit_code = int(sys.argv[1])
    directory = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None
    if directory and list(pathlib.Path(directory).glob('*.xml')):
        passed, failed = from_junit(directory)
        if '--rescued' in sys.argv[3:] and exit_code == 0:
            failed = 0
        if exit_code != 0 and failed == 0:
            failed = 1
    else:
        passed, failed = (1, 0) if exit_code == 0 else (0, 1)
    print(passed, failed)


if __name__ == '__main__':
    main()
