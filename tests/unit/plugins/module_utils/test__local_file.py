"""Files on the host that runs the module (_local_file): a path to write checked before any request, so that a secret
shown once always has somewhere to go; a src read without hanging or filling memory."""

from __future__ import annotations

import os
import stat

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils._local_file import (
    MAX_FILE_BYTES, read_local, write_problem, write_secret,
)


@pytest.mark.parametrize('name, problem', [
    ('k2.key', None),
    ('keys/', 'is a folder'),  # a trailing "/": no file name
    ('x' * 245, None),  # 245 + the temporary name's 10 = 255
    ('x' * 246, 'too long to write it safely (at most 245 here)'),
    ('missing/k.key', 'in a folder that does not exist'),
    ('', 'is empty'),
])
def test_a_path_to_write_is_checked_before_any_request(tmp_path, name, problem):
    found = write_problem('raw_key_path', '%s/%s' % (tmp_path, name) if name else '')  # as given: a trailing / kept
    assert (found is None) if problem is None else problem in found


def test_what_is_there_must_be_a_file_or_a_link_which_is_replaced_never_followed(tmp_path):
    os.mkfifo(tmp_path / 'fifo')
    assert 'not a file' in write_problem('qr_image_path', str(tmp_path / 'fifo'))
    (tmp_path / 'target').write_text('theirs')
    os.symlink(tmp_path / 'target', tmp_path / 'link')
    assert write_problem('raw_key_path', str(tmp_path / 'link')) is None
    write_secret(str(tmp_path / 'link'), b'secret\n')
    assert (tmp_path / 'target').read_text() == 'theirs' and not os.path.islink(tmp_path / 'link')
    assert stat.S_IMODE(os.stat(tmp_path / 'link').st_mode) == 0o600


def test_a_src_is_a_regular_file_of_at_most_the_cap(tmp_path):
    (tmp_path / 'soul.md').write_bytes(b'# Soul\n')
    assert read_local('src', str(tmp_path / 'soul.md')) == (b'# Soul\n', None)
    os.mkfifo(tmp_path / 'fifo')  # opened without blocking, and refused: no writer would ever come
    assert 'is not a regular file' in read_local('src', str(tmp_path / 'fifo'))[1]
    assert 'is not a regular file' in read_local('src', '/dev/zero')[1]
    (tmp_path / 'big').write_bytes(b'x' * (MAX_FILE_BYTES + 1))
    assert 'a file sent to an agent has at most 1048576 (1 MiB)' in read_local('src', str(tmp_path / 'big'))[1]
    assert 'cannot be read (No such file or directory)' in read_local('src', str(tmp_path / 'nothing'))[1]
