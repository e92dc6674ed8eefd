# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A failed API call as data (ApiError), and the shape an instance must have to be taken as one."""

from __future__ import annotations

from typing import Any, Dict, Optional


class ApiError(Exception):
    """A failed API call: HTTP status, the API's code, message and details.

    `status` is None when no HTTP answer came back (connection, timeout).
    `maybe_applied` is True when a non-GET request may have been carried out
    although no success came back: the caller must re-read before deciding.
    `retry_after` is the wait a 429 asked for, for which the rate window stays closed (None: it did not say).
    """

    def __init__(self, message: str, status: Optional[int] = None, code: Optional[str] = None,
                 details: Optional[Dict[str, Any]] = None, maybe_applied: bool = False,
                 retry_after: Optional[float] = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.details = details
        self.maybe_applied = maybe_applied
        self.retry_after = retry_after

    def to_dict(self) -> Dict[str, Any]:
        """The structured form returned to the user as api_error."""
        return {'status': self.status, 'code': self.code, 'message': self.message, 'details': self.details}


class OutOfTime(ApiError):
    """A request given up because waiting to send it (again) would pass the task's deadline; the last failure's
    status, code and details, if there was one."""

    @classmethod
    def after(cls, error: ApiError, wait: float) -> OutOfTime:
        """Given up after `error`, which asked for `wait` more seconds than the deadline leaves."""
        return cls('%s (trying again in %.0f s would pass the deadline)' % (error.message, wait), status=error.status,
                   code=error.code, details=error.details, maybe_applied=error.maybe_applied)


def is_instance(value: Any) -> bool:
    """An instance as the APIs describe one: an object whose id is a string or an integer, and whose status and name,
    when it has them, are strings."""
    if not isinstance(value, dict) or isinstance(value.get('id'), bool) or not isinstance(value.get('id'), (str, int)):
        return False
    return all(isinstance(value.get(field), (str, type(None))) for field in ('status', 'name'))
