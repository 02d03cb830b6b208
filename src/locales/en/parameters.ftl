# Query and path parameters (a 400's or 422's `errors[].message`, after the parameter).
limit-range = must be between 1 and { $max }
cursor-malformed = is not a cursor
cursor-foreign = is not a cursor issued by this list
id-not-uuid = must be a UUID (8-4-4-4-12 hex digits)
parameter-nul = must not contain the NUL character (U+0000)
parameter-unknown = unknown query parameter
parameter-repeated = given more than once
