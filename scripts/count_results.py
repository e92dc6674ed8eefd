"""Count passed and failed tests in one step's output: count_results.py KIND LOG [JUNIT_DIR].

KIND is sanity or integration (read from ansible-test's log), junit (pytest's XML files), or step
(a step that is one check: its exit code).
Prints "PASSED FAILED". A step that failed without saying which test failed counts as one failure.
"""

from __future__ import annotations

import pathlib
import re
import sys
import xml.etree.ElementTree as ET

SUMMARY = re.compile(r'The (\d+) \w+ test\(s\) listed below \(out of (\d+)\) failed')
STARTED = {'sanity': re.compile(r'^Running sanity test ', re.M), 'integration': re.compile(r'^Running \S+ integration test ', re.M)}


def from_log(kind, text, exit_code):
    """Counts from ansible-test's own words."""
    started = len(STARTED[kind].findall(text))  # a sanity test run on several Pythons counts once a Python
    summary = SUMMARY.search(text)
    if summary:
        failed = int(summary.group(1))
        return max(started - failed, 0), failed
    if exit_code == 0:
        return started, 0
    return max(started - 1, 0), 1


def from_junit(directory, exit_code):
    """Counts from pytest's junit XML files."""
    passed = failed = 0
    for path in sorted(pathlib.Path(directory).glob('*.xml')):
        for suite in ET.parse(path).getroot().iter('testsuite'):
            total = int(suite.get('tests', 0))
            bad = int(suite.get('failures', 0)) + int(suite.get('errors', 0))
            skipped = int(suite.get('skipped', 0))
            passed += total - bad - skipped
            failed += bad
    if exit_code != 0 and failed == 0:
        failed = 1
    return passed, failed


def main():
    kind, log, exit_code = sys.argv[1], pathlib.Path(sys.argv[2]), int(sys.argv[3])
    if kind == 'junit':
        passed, failed = from_junit(sys.argv[4], exit_code)
    elif kind == 'step':
        passed, failed = (1, 0) if exit_code == 0 else (0, 1)
    else:
        passed, failed = from_log(kind, log.read_text(errors='replace'), exit_code)
    print(passed, failed)


if __name__ == '__main__':
    main()
