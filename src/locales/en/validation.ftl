# Rules of a member (a 422's `errors[].message`, after the member's pointer).
field-required = is required
field-length-between = must be { $min } to { $max } characters long
field-length-at-most = must be at most { $max } characters long
field-length-at-least = must be at least { $min } characters long
field-length-invalid = has an invalid length
field-range-between = must be between { $min } and { $max }
field-range-at-most = must be at most { $max }
field-range-at-least = must be at least { $min }
field-out-of-range = is out of range
field-invalid = is invalid ({ $code })
field-date-range = must be between { $earliest } and { $latest }
