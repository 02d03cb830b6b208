"""Schemathesis hooks for `.ci/contract`.

Hypothesis draws Idempotency-Key values from a small space ("0", "!", ...) and replays
whole examples, so two POSTs with the same key and the same body happen by chance. The
API answers the second with the first one's response, as documented; when a stateful
sequence deleted that first record in between, the replayed 201 names a record that is
gone and the `ensure_resource_availability` check reports it as lost (ST302). A valid
generated key therefore gets a unique suffix: the header is still sent and validated,
and replays are covered by the integration tests (tests/api/idempotency.rs). Invalid keys
are left alone, so negative cases stay negative.
"""

import re
import uuid

import schemathesis

VALID_KEY = re.compile(r"[!-~]{1,200}")


@schemathesis.hook
def map_headers(context, headers):
    if headers:
        for name in list(headers):
            value = headers[name]
            if (
                name.lower() == "idempotency-key"
                and isinstance(value, str)
                and VALID_KEY.fullmatch(value)
            ):
                headers[name] = f"{value}-{uuid.uuid4()}"
    return headers
