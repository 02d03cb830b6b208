# Codes checked against their code lists. $what is one of the code-* nouns below; codes
# are quoted as the client wrote them.
code-unknown = unknown { $what } { $code }
code-unknown-upper = unknown { $what } { $code }: codes are upper case, did you mean { $upper }?
code-withdrawn = { $what } { $code } is withdrawn and cannot be used for new data

code-country = country code
    .gender = other
code-region = region code
    .gender = other
code-currency = currency
    .gender = other
code-document-category = document category
    .gender = other
code-file-format = file format
    .gender = other
code-language = language
    .gender = other
code-organisation-type = organisation type
    .gender = other
code-dac-sector = DAC sector
    .gender = other
code-dac-sector-category = DAC sector category
    .gender = other
code-activity-status = activity status
    .gender = other
code-sdg-goal = SDG goal
    .gender = other
code-sdg-target = SDG target
    .gender = other
code-result-type = result type
    .gender = other
code-indicator-measure = indicator measure
    .gender = other
code-integration-space = integration space
    .gender = other
