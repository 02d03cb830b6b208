# Authentication (401) and authorisation (403). Header names, schemes, claim names and
# role names are the protocol's: they stay as they are in every language.
auth-missing = this endpoint needs an `Authorization: Bearer <token>` header
auth-header-not-text = the Authorization header is not valid text
auth-scheme-not-bearer = the Authorization scheme must be Bearer
token-with-bearer-prefix = the token starts with a second "Bearer ": send `Authorization: Bearer <token>` with the token alone (drop the prefix from what was pasted)
token-malformed = the token is malformed
token-client-revoked = the API client has been revoked
token-no-role = the token lacks a role claim
token-partner-without-org = a partner token must carry an org claim
token-no-kid = the token names no key (kid)
token-kid-untrusted = the token's key (kid) is not trusted
token-role-beyond-issuer = the token claims a role its issuer may not grant
token-org-not-issuers = the token's org is not its issuer's organisation
token-untrusted-issuer = the token was issued by an untrusted issuer
token-subject-length = the sub claim must be 1 to 256 characters
token-issued-in-future = the token was issued in the future (iat)
token-missing-claim = the token lacks a required claim (exp, iss, aud, sub)
token-expired = the token has expired
token-bad-signature = the token signature is invalid
token-wrong-algorithm = the token is not signed with the expected algorithm
token-wrong-audience = the token is meant for another audience
token-not-yet-valid = the token is not valid yet
token-claims-malformed = the token claims are malformed (role must be { $roles }; org a UUID)
# $role: the one role allowed; $roles: those allowed, as a list; $has: the token's role.
needs-role = this operation needs the role { $role }; the token has { $has }
needs-one-of-roles = this operation needs one of the roles { $roles }; the token has { $has }

# What a partner may write ($kind: a record's noun; $org, $removed: organisation ids;
# $visibility: the value asked for, as the API writes it).
partner-creates-only-its-own = a partner creates only { $kind_plural } in which its organisation ({ $org }) participates
partner-changes-only-its-own = a partner changes only { $kind_plural } in which its organisation ({ $org }) participates
partner-keeps-its-participation = a partner cannot remove its own organisation's participation
partner-removes-no-other = a partner cannot remove another organisation ({ $removed }) from a { $kind }; a coordinator can
partner-sets-no-visibility = a partner cannot make a { $kind } { $visibility }: who may read it is for coordinators to change
