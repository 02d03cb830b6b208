# Rules specific to each kind of record (a 422's `errors[].message`, after the member's
# pointer). Member names, codes, ids and values stay as the client writes them.

## Exact decimals ($value: as the client wrote it, quoted; $problem: one of the decimal-*
## messages).
decimal-malformed = must be a decimal number written with digits and an optional '.' (e.g. "1250.50"), got { $value }
decimal-no-minor-unit = { $value } has decimals, but this currency has no minor unit
decimal-too-many-places =
    { $places ->
        [one] { $value } has more than { $places } decimal place
       *[other] { $value } has more than { $places } decimal places
    }
decimal-too-many-digits = { $value } is too large (at most { $digits } digits before the point)
decimal-too-large = { $value } is too large
amount-invalid = amount { $problem }
percentage-invalid = percentage { $problem }
percentage-range = percentage must be above 0 and at most 100, got { $value }

## Money and contributions ($organisation: an organisation id).
contribution-not-participant = organisation { $organisation } is not a participant of the project
contribution-not-party = organisation { $organisation } is not a party of the arrangement
contribution-currency-twice = organisation { $organisation } has two entries in the same currency
contribution-amount-without-currency = an amount needs its currency
contribution-currency-without-amount = a currency needs an amount
contribution-empty = needs an amount or expert_days

## Common to several kinds ($start: a member's name; $today: a date).
code-listed-twice = { $code } is listed twice
record-code-format = must start with a letter or digit and use only letters, digits, '-', '_', '.', '/'
iati-identifier-format = must be an IATI activity identifier such as { $example }
date-not-before = must not be before { $start }
date-in-future = must not be in the future (today is { $today })
actual-end-needs-start = needs an actual_start
goal-listed-twice = goal { $goal } is listed twice
target-listed-twice = target { $target } is listed twice
target-outside-goals = target { $target } belongs to goal { $goal }, which is not among sdg_goals

## Projects ($role: a participant role as the API writes it).
capacity-listed-twice = capacity { $id } is listed twice
project-needs-recipient = a project needs at least one recipient country or region
recipient-percentages-sum = recipient country and region percentages must sum to 100, they sum to { $total }
project-needs-sector = a project needs at least one DAC sector
sector-percentages-sum = sector percentages must sum to 100, they sum to { $total }
project-needs-participant = a project needs at least one participant
participant-listed-twice = organisation { $organisation } is listed twice as { $role }
triangular-project-needs-role =
    { $role ->
        [first_provider] a triangular project needs at least one first provider
        [second_provider] a triangular project needs at least one second provider
       *[recipient] a triangular project needs at least one recipient
    }
triangular-roles-exclusive = organisation { $organisation } holds more than one of first provider, second provider and recipient
bilateral-project-needs-provider = a bilateral project needs a provider (or a participant in the role both)
bilateral-project-needs-recipient = a bilateral project needs a recipient (or a participant in the role both)

## Activities of a project.
date-on-or-after = must be on or after { $start }
activity-outside-project-dates = must be inside the project's dates ({ $earliest } to { $latest })
activity-done-needs-date = is required once the activity is done
activity-actual-dates-when-done = only a done activity has actual dates
activity-cancelled-needs-reason = is required when the activity is cancelled
activity-reason-when-cancelled = only a cancelled activity has a cancellation reason
participants-women-above-total = must not be more than participants_total ({ $total })
participants-total-needed = is required when participants_women is given
text-length = must be { $min } to { $max } characters
cost-payer-outside-project = organisation { $organisation } takes no part in the project: a cost is paid by one of its participants or contributors
cost-executed-when-done = only a done activity has executed costs

## Text per language and document links ($language: a language code as the client wrote
## it, quoted; $problem: why a code is refused).
text-language-unknown = unknown language { $language }: use an ISO 639-1 code (GET /api/v1/codelists/languages)
text-empty = must not be empty: leave the language out instead
text-too-long = at most { $max } characters
text-nul = must not contain the NUL character (U+0000)
text-too-many-languages = at most { $max } languages
text-default-language-required = required: the text in the record's default language ({ $language })
listed-twice = listed twice
link-format-unknown = { $problem }: use an IANA media type (GET /api/v1/codelists/file_formats)
link-category-of-organisations = { $category } is for organisation documents: an activity's documents take A01–A12
url-invisible-character = must not contain control or invisible formatting characters ({ $character })
url-backslash = must not contain backslashes
url-not-absolute = must be an absolute URL with a host (https://host/...)
url-malformed = not a URL ({ $reason })
url-scheme = only https and http links are kept, not { $scheme }
url-credentials = must not carry credentials (user or password)
url-no-host = needs a host

## Results and indicators.
baseline-date-year = must be in the baseline's year ({ $year })
period-outside-project-dates = the period must lie inside the project's dates ({ $earliest } to { $latest })
target-below-ascending-baseline = below the baseline, but the indicator is ascending (more is better): correct the target or set ascending to false
target-above-descending-baseline = above the baseline, but the indicator is descending (fewer is better): correct the target or set ascending to true
periods-overlap = overlaps period { $period } ({ $start } to { $end }): an indicator's periods do not overlap
qualitative-without-value = a qualitative indicator has no value: put the text in comment
qualitative-needs-comment = required: a qualitative indicator carries text
quantitative-needs-value = required: indicators of measures 1 to 4 carry a number
percentage-value-range = a percentage lies between 0 and 100

## Transactions.
transaction-in-future = must not be after today ({ $today }): a transaction is what happened
value-above-zero = must be above zero
transaction-party-outside-project = organisation { $organisation } takes no part in the project: name one of its participants or contributors, or an outside organisation by name
transaction-party-identifier-outside-only = only an outside organisation (by name) has an identifier here: an organisation of the service has its own
transaction-party-id-or-name = give organisation_id or name, not both
transaction-party-none = names no organisation: give organisation_id (one of the project's) or name (an outside one)
identifier-length = must be { $min } to { $max } characters without spaces

## Partnerships and triangular arrangements ($status, $scope: values as the API writes
## them; $kind: regional or interregional, the kind of an integration space; $other: the
## member where an organisation already is).
agreement-needs-signature = a { $status } agreement needs its signature date
partnership-needs-party = a partnership needs at least one party
partnership-needs-space = a { $scope } partnership names its integration space or forum
space-unknown = unknown integration space { $code }
space-of-other-scope =
    { $kind ->
        [regional] { $code } is a regional space, not { $scope }
       *[other] { $code } is an inter-regional space, not { $scope }
    }
partnership-without-space = a { $scope } partnership has no integration space
organisation-in-two-roles = organisation { $organisation } is already in { $other }; no organisation holds two roles

## Lists of organisations, sectors, formats and languages.
needs-organisation = needs at least one organisation
needs-sector = needs at least one DAC sector
needs-format = needs at least one format
needs-language = needs at least one language
organisation-listed-twice = organisation { $organisation } is listed twice
sector-not-five-digits = { $code } is not a 5-digit DAC sector

## Policy exchanges.
exchange-with-itself = organisation { $organisation } also offers; an institution does not exchange with itself
women-among-participants =
    { $total ->
        [one] { $women } women among { $total } participant
       *[other] { $women } women among { $total } participants
    }
participants-total-needed-short = needed when participants_women is given
exchange-completed-needs-outcomes = a completed exchange records its outcomes
exchange-completed-in-future = a completed exchange cannot end in the future (today is { $today })

## Cooperation requests.
desired-start-order = { $to } is before desired_start_from ({ $from })

## Organisations.
multilateral-without-country = a multilateral organisation has no country
government-needs-country = a government body needs a country
organisation-identifier-format = must be a registration agency prefix and an id joined by '-' (letters, digits, '-', '.', '_', ':'), e.g. { $example }

## Exchange and expert-day rates ($year, $first, $last: years; $currency: an ISO 4217
## code; $got: what the client sent, quoted).
year-malformed = must be a year such as 2025
year-malformed-got = must be a year such as 2025, got { $got }
year-outside = { $year } is outside { $first }–{ $last }
rate-of-usd = USD is the currency rates are quoted against: its rate is always 1
rate-above-zero = must be more than 0
rates-csv-header = the header must name the columns year, currency and units_per_usd, got { $got }
rates-csv-too-many = an upload sets at most { $max } rates
rate-given-twice = the rate of { $currency } for { $year } is given twice
exchange-rate-missing = no exchange rate of { $currency } for { $year }: an admin sets it with PUT /api/v1/exchange-rates/{ $year }/{ $currency }
expert-day-rate-missing = no expert-day rate for { $year }: an admin sets it with PUT /api/v1/expert-day-rates/{ $year }
exchange-rate-not-found = no exchange rate of { $currency } for { $year }
expert-day-rate-not-found = no expert-day rate for { $year }

## Webhooks, matching, API clients, cooperation requests' pipeline ($resources,
## $actions: the names a client writes, as a list).
event-types-too-many = at most { $max } event types
event-type-unknown = unknown event type { $name }: name one `<resource>.<action>`, resource one of { $resources }, action one of { $actions }
matching-needs-criterion = needs something to match on: sectors, sdg_targets or text
request-reason-other-needs-comment = required when the reason is other: say why, for the requester
client-not-admin = an API client cannot be an admin
approved-capacity-not-found = no approved capacity with id { $id }

## Rules that read the database: references, parts of a project, spaces' members
## ($count: how many organisations or countries; $organisations: ids, as a list).
activities-start-before-project = the project's activities start on { $date }: move or remove them first (PUT …/activities)
activities-end-after-project = the project's activities run until { $date }: move or remove them first (PUT …/activities)
results-start-before-project = the project's results report a period from { $date }: move or remove it first (PUT …/results)
results-end-after-project = the project's results report a period until { $date }: move or remove it first (PUT …/results)
payers-stay-participants =
    { $count ->
        [one] organisation { $organisations } pays costs of the project's activities: it stays a participant or contributor until those costs are moved (PUT …/activities)
       *[other] organisations { $organisations } pay costs of the project's activities: they stay participants or contributors until those costs are moved (PUT …/activities)
    }
transaction-parties-stay-participants =
    { $count ->
        [one] organisation { $organisations } provides or receives transactions of the project: it stays a participant or contributor until they are changed (PUT …/transactions)
       *[other] organisations { $organisations } provide or receive transactions of the project: they stay participants or contributors until they are changed (PUT …/transactions)
    }
arrangement-project-triangular = a project under a triangular arrangement has the modality triangular
not-arrangement-party-in-role =
    { $role ->
        [first_provider] organisation { $organisation } is not a first provider (triangular) of the triangular arrangement
        [second_provider] organisation { $organisation } is not a second provider (triangular) of the triangular arrangement
       *[recipient] organisation { $organisation } is not a recipient of the triangular arrangement
    }
organisation-own-ancestor = an organisation cannot be its own parent or ancestor
bilateral-party-without-country = a bilateral partnership is between organisations of two countries; this one has no country
bilateral-two-countries = a bilateral partnership joins exactly two countries; its parties belong to { $count }
space-member-on = { $country } was not a member of { $space } on { $date }
multilateral-needs-multilateral = a multilateral partnership includes a multilateral organisation (IATI type 40)
client-revoked = API client { $client } is revoked
client-revoked-webhooks = API client { $client } is revoked: its webhooks cannot be enabled
import-too-many-participants = a project has at most { $max } participants; the activity names { $count }
import-too-many-contributions = a project has at most { $max } contributions; the activity has { $count } commitments

## A webhook's target ($reason: the URL parser's or the resolver's words).
webhook-url-malformed = not an absolute URL: { $reason }
webhook-url-http = must be https (http targets are refused unless SSC_WEBHOOK_ALLOW_HTTP is set)
webhook-url-scheme = must be https, not { $scheme }
webhook-url-no-host = has no host
webhook-url-credentials = must not carry credentials: receivers authenticate deliveries by their signature
webhook-url-fragment = must not have a fragment (#…)
webhook-host-no-address = { $host } resolves to no address
webhook-host-private = { $host } resolves to { $address }, a private, loopback, link-local or reserved address (refused unless SSC_WEBHOOK_ALLOW_PRIVATE is set)
webhook-host-unresolved = cannot resolve { $host }: { $reason }
webhook-host-slow = resolving { $host } took over { $seconds } s

## Conflicts and refusals of a whole write ($kind: a record's noun; $status: a
## review_status as the API writes it; $what: code or iati_identifier).
more-you-may-not-read = { $count } more you may not read
arrangement-projects-would-not-match = projects under this arrangement would no longer match its parties: { $projects }; change them first
project-value-repeated =
    { $what ->
        [code] the code { $value } is given to more than one project
       *[other] the IATI identifier { $value } is given to more than one project
    }
project-value-used =
    { $what ->
        [code] the code { $value } is already used by { $holder }
       *[other] the IATI identifier { $value } is already used by { $holder }
    }
project-with-id = project { $id }
another-project = another project
client-revoked-no-secret = a revoked client cannot get a new secret; create a new client
id-taken = { $id } is taken by another { $kind }
draft-of-its-authors = this draft is its authors'
version-awaits-review = the { $kind } has a version awaiting review ({ $status }): a coordinator approves or returns it first
four-eyes = this version was written by { $author }: another reviewer approves it
current-version-not-approved = the { $kind } is { $status } and its current version is not approved: a coordinator approves or returns it first
organisation-identifier-taken = the IATI identifier { $identifier } already belongs to organisation { $holder }
delivery-not-found = webhook { $webhook } has no delivery { $id }
webhook-disabled = webhook { $webhook } is disabled: enable it first (POST /api/v1/webhooks/{ $webhook }/enable)
ping-not-redelivered = a test ping is not redelivered: send another ping
idempotency-taken-over = a retry with this Idempotency-Key took over while this request was running; its answer stands
webhooks-off = webhooks are off on this service: its operator sets SSC_WEBHOOK_KEY to turn them on
matching-limit = `limit` must be between 1 and { $max }, not { $given }
csv-unreadable = the CSV cannot be read: { $reason }

## Query parameters of the lists ($parameter: the parameter's name; $other: another's).
code-syntax =
    { $parameter ->
        [country] must be two capital letters (ISO 3166-1 alpha-2)
        [region] must be two to four digits (an IATI Region code)
        [sector] must be a 5-digit DAC sector or a 3-digit category
        [organisation_type] must be two digits (an IATI OrganisationType code)
        [space] must be lowercase letters and underscores
       *[language] must be two lowercase letters (ISO 639-1)
    }
sdg-goal-parameter = must be an SDG goal, 1 to 17
date-parameter = must be a date, YYYY-MM-DD
needs-parameter = needs the { $other } parameter
status-parameter = must be { $first } to { $last }
cursor-other-sort = was issued for another sort order
result-type-parameter = must be an IATI ResultType: 1, 2, 3 or 9 (GET /api/v1/codelists/result_types)
search-too-long = must be at most { $max } characters
lang-parameter = must be an ISO 639-1 language code (GET /api/v1/codelists/languages)
delivery-id-parameter = must be a delivery's id: msg_ and 32 lower-case hexadecimal digits
kind-unknown = unknown kind { $kind } ({ $known })

## The service, its clients, its IATI files and its imports ($location: a client's or a
## webhook's path; $what: writer or database).
iati-file-being-generated = the public IATI file is being generated; retry shortly
import-code-taken = the code { $code } is taken by the project of another activity ({ $activity })
import-code-taken-by-own = the code { $code } is taken by the project of another activity (one of the reporting organisation's own)
import-version-awaits-review = version { $version } of the project awaits review ({ $status }) and the import does not overwrite it: approve or return it, then import again
dry-run = dry run
replay-created-client = this request was done by the first one with this Idempotency-Key: it created client { $client }. Its secret was shown once and is not kept; get a new one with POST { $location }/rotate
replay-rotated-client = this request was done by the first one with this Idempotency-Key: it rotated the secret of client { $client }. The new secret was shown once and is not kept; rotate again to get another
replay-created-webhook = this request was done by the first one with this Idempotency-Key: it created webhook { $webhook }. Its secret was shown once and is not kept in the clear; get a new one with POST { $location }/rotate
replay-rotated-webhook = this request was done by the first one with this Idempotency-Key: it rotated the secret of webhook { $webhook }. The new secret was shown once; rotate again to get another
client-not-authenticated = the client could not be authenticated
form-malformed = malformed form: { $reason }
token-content-type = send { $form } or application/json
grant-unsupported = only the client_credentials grant is supported
client-credentials-twice = authenticate with HTTP Basic or in the body, not both
client-credentials-missing = client_id and client_secret are required
catalogue-not-public = the catalogue is not public here (SSC_CATALOGUE_PUBLIC is off)
iati-file-content-type = an IATI file is sent as Content-Type: application/xml
imports-busy = { $count } imports are running; retry once one has finished
iati-not-published = the public IATI files are not published here (SSC_IATI_PUBLISH is off)
not-ready =
    { $what ->
        [writer] not ready: { $dependency } failed (the SQLite writer thread has stopped)
       *[database] not ready: { $dependency } failed (the database does not answer)
    }
metrics-off = metrics are off here (SSC_METRICS_TOKEN is not set)
metrics-needs-token = /metrics needs `Authorization: Bearer <SSC_METRICS_TOKEN>`
priority-for-directorate = a request's priority is set by the directorate (coordinators and admins), not by a partner
report-year-required = is required: the year reported

## A cooperation request's pipeline ($action: what was tried; $status, $from: statuses
## as the API writes them, $from as a list).
request-directorate-only =
    { $action ->
        [assess] only coordinators and admins take into assessment a cooperation request
        [accept] only coordinators and admins accept a cooperation request
        [decline] only coordinators and admins decline a cooperation request
        [close] only coordinators and admins close a cooperation request
        [formulate] only coordinators and admins formulate a cooperation request
        [consult] only coordinators and admins consult institutions on a cooperation request
        [read-assessment] only coordinators and admins read the assessment of a cooperation request
       *[write-notes] only coordinators and admins write notes on a cooperation request
    }
request-cannot-move =
    { $action ->
        [assess] the cooperation request is { $status }: only a { $from } one can be taken into assessment
        [accept] the cooperation request is { $status }: only a { $from } one can be accepted
        [decline] the cooperation request is { $status }: only a { $from } one can be declined
        [close] the cooperation request is { $status }: only a { $from } one can be closed
        [formulate] the cooperation request is { $status }: only a { $from } one can be formulated
       *[consult] the cooperation request is { $status }: only a { $from } one can have consultations recorded
    }
request-cannot-move-formulated =
    { $action ->
        [assess] the cooperation request is formulated (as project { $project }): only a { $from } one can be taken into assessment
        [accept] the cooperation request is formulated (as project { $project }): only a { $from } one can be accepted
        [decline] the cooperation request is formulated (as project { $project }): only a { $from } one can be declined
        [close] the cooperation request is formulated (as project { $project }): only a { $from } one can be closed
        [formulate] the cooperation request is formulated (as project { $project }): only a { $from } one can be formulated
       *[consult] the cooperation request is formulated (as project { $project }): only a { $from } one can have consultations recorded
    }

## What an incomplete draft does not have yet ($lacking).
incomplete-draft-lacks =
    { $lacking ->
        [iati-activity] { $kind } { $id } is an incomplete draft: it has no IATI activity until it is complete
        [matches] { $kind } { $id } is an incomplete draft: it has no matches until it is complete
        [execution] { $kind } { $id } is an incomplete draft: it has no execution figures until it is complete
        [activities] { $kind } { $id } is an incomplete draft: it has no activities until it is complete
        [results] { $kind } { $id } is an incomplete draft: it has no results until it is complete
       *[transactions] { $kind } { $id } is an incomplete draft: it has no transactions until it is complete
    }

## What still refers to a record that is to be deleted ($how: how an organisation takes
## part; $name: a code or an id; $referrers: a list of referring-* messages).
record-still-referenced = the { $kind } is still referenced by { $referrers }; remove those references first
referring-record = { $kind } { $name }
referring-organisations =
    { $count ->
        [one] { $count } { $kind }
       *[other] { $count } { $kind_plural }
    }{ $how ->
        [parent] { " " }as their parent
        [participant] { " " }as a participant or contributor
        [party] { " " }as a party
        [offering-or-receiving] { " " }as an offering or receiving organisation
        [offering] { " " }as an offering organisation
        [requesting] { " " }as the requesting organisation
       *[client] , revoked ones included
    }

## An IATI file that cannot be read at all (the reader's reason, from the XML parser, stays as it is)
iati-file-malformed = not well-formed XML at byte { $position }: { $reason }
iati-file-doctype = documents with a DOCTYPE are refused: IATI files need none, and it is where external entities and entity expansion live
iati-file-too-many-attributes = an element has more than { $max } attributes (at byte { $position }): not read
iati-file-tag-too-large = a tag of more than 1 MiB (at byte { $position }): not read
iati-file-not-iati = not an IATI activity file: the root element is <{ $root }>, not <iati-activities>
iati-file-unsupported-version = IATI version { $version } is not read: only 2.01 to 2.03 are (convert 1.x files with IATI's tools first)
