# The title of each kind of problem (the problem document's `title`).
problem-bad-request = Bad request
problem-unauthorized = Authentication required
problem-forbidden = Forbidden
problem-not-found = Not found
problem-method-not-allowed = Method not allowed
problem-not-acceptable = Not acceptable
problem-conflict = Conflict
problem-precondition-failed = Precondition failed
problem-request-timeout = Request timeout
problem-payload-too-large = Payload too large
problem-unsupported-media-type = Unsupported media type
problem-validation-failed = Validation failed
problem-precondition-required = Precondition required
problem-too-many-requests = Too many requests
problem-internal = Internal server error
problem-service-unavailable = Service unavailable

# Details common to many operations.
internal-error = the server failed to complete the request; it has been logged
database-unavailable = the database is unavailable; retry shortly
database-timeout = the database did not answer in time; retry shortly
record-not-found = no record with this id
record-unique-violation = a record with the same unique value already exists
record-referenced = the record is referenced by, or references, another record
not-found-with-id = no { $kind } with id { $id }
no-route = no route for { $path }
method-not-allowed = { $method } is not allowed here; allowed: { $allowed }

# A rule violated in a body ($pointer: where; $message: what).
violations-one = 1 rule violated: { $message }
violations-one-at = 1 rule violated: { $pointer }: { $message }
violations-many = { $count } rules violated
at-pointer = { $pointer }: { $message }
parameter-problem = parameter `{ $name }`: { $message }

# Versions (ETag, If-Match).
stale-version = the record has changed since you read it: its current version is { $version }; read it again and reapply your change
changed-concurrently = the record was changed by another request at the same moment; read it again and reapply your change
if-match-required = this write needs an If-Match header with the ETag of the version you read
if-match-any = If-Match: * is not accepted; send the ETag of the version you read
if-match-malformed = must be an entity tag such as "3"
header-not-text = is not valid text

# Limits ($seconds: how long to wait, also in Retry-After).
too-many-from-caller = too many requests from this caller; retry in { $seconds } s
too-many-from-address = too many requests from this address; retry in { $seconds } s
too-many-for-client = too many requests from attempts for this client; retry in { $seconds } s
token-requests-busy = too many token requests are being checked at the moment; retry shortly

# Review ($kind: a record's noun; $problems: a count of problems).
draft-incomplete = the { $kind } is an incomplete draft: its completeness lists { $problems } to resolve first

# Idempotency keys and code lists.
idempotency-in-progress = a request with this Idempotency-Key is still being processed; retry shortly
idempotency-key-reused = this Idempotency-Key was used for a different request; use a new key for a new request
idempotency-key-malformed = must be 1 to 255 visible ASCII characters
codelist-not-found = no codelist named { $name }; GET /api/v1/codelists lists them
