# A request body that does not fit: what the API expects, in place of the JSON library's
# words. Member names, values and examples stay as the client must write them.
body-empty = the request body is empty; a JSON document is expected
body-malformed = malformed JSON: { $reason }
body-nul = text must not contain the NUL character (U+0000)
body-unknown-member = unknown field `{ $member }`: not a member of this record
body-missing-member = missing field `{ $member }`
body-patch-not-object = a merge patch must be a JSON object
body-unreadable = cannot read the request body: { $reason }
body-too-large = the request body exceeds the limit of { $limit } bytes ({ $setting })
body-too-slow = the request body did not arrive within { $seconds } s
content-type-missing = the request needs a Content-Type header: { $expected }
content-type-unsupported = Content-Type "{ $given }" is not supported here; send { $expected }
# $found: what the body has there (one of the found-* messages).
expected-texts = expected text per language, such as {"{"}"es": "…"{"}"}; got { $found }
expected-decimal = expected a decimal string such as "125000.00" (numbers are written as text, so no precision is lost); got { $found }
expected-text = expected text (a JSON string); got { $found }
expected-list = expected a list (a JSON array); got { $found }
expected-boolean = expected true or false; got { $found }
expected-whole-number = expected a whole number; got { $found }
expected-number = expected a number; got { $found }
expected-object = expected an object (a JSON object with members); got { $found }
expected-documented-string = expected one of the documented strings; got { $found }
expected-documented-string-bare = invalid type: expected one of the documented strings
expected-other = expected { $expected }; got { $found }
found-text = the text { $value }
found-number = the number { $value }
found-object = an object
found-list = a list
unknown-value = unknown value { $value }: expected { $allowed }
unknown-value-one-of = unknown value { $value }: expected one of { $allowed }
expected-date = expected a date such as 2025-03-01 (year-month-day)
no-such-date = no such date: expected a date such as 2025-03-01 (year-month-day)
