# Grammar shared by many messages: lists, counts and the nouns they count.
#
# Lists follow CLDR's list patterns: the last two items joined by list-and or list-or,
# each item before them by list-middle. $sound is how the last item begins to the ear
# ("i", "o" or "other"), for languages whose conjunction changes with it (Spanish).
list-middle = { $first }, { $rest }
list-and = { $first } and { $last }
list-or = { $first } or { $last }

# A count and a noun ($noun singular, $noun_plural plural), by the language's plural rules.
counted =
    { $count ->
        [one] { $count } { $noun }
       *[other] { $count } { $noun_plural }
    }

# Nouns: the value is the singular; .plural the plural; .gender what other words agree with.
noun-problem = problem
    .plural = problems
    .gender = other
noun-rule = rule
    .plural = rules
    .gender = other
noun-byte = byte
    .plural = bytes
    .gender = other
noun-second = second
    .plural = seconds
    .gender = other
noun-organisation = organisation
    .plural = organisations
    .gender = other
noun-project = project
    .plural = projects
    .gender = other
noun-partnership = partnership
    .plural = partnerships
    .gender = other
noun-triangular-arrangement = triangular arrangement
    .plural = triangular arrangements
    .gender = other
noun-policy-exchange = policy exchange
    .plural = policy exchanges
    .gender = other
noun-capacity = capacity
    .plural = capacities
    .gender = other
noun-project-results = project's results
    .plural = projects' results
    .gender = other
noun-project-activities = project's activities
    .plural = projects' activities
    .gender = other
noun-api-client = API client
    .plural = API clients
    .gender = other
noun-webhook = webhook
    .plural = webhooks
    .gender = other
noun-cooperation-request = cooperation request
    .plural = cooperation requests
    .gender = other
