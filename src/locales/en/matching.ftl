# Why a capacity matches a demand (domain/matching/reasons.rs): the sentences a
# directorate shows a partner. Codes and names arrive already written.
matching-sector = Works in the sector asked for: { $sectors }.
matching-sector-category = Works in a neighbouring sector of the same category: { $categories }.
matching-sdg-target = Contributes to the same SDG targets: { $targets }.
matching-sdg-goal = Contributes to the same Sustainable Development Goals: { $goals }.
matching-format = Offers the format preferred: { $formats }.
matching-language = Its experts work in the language preferred: { $languages }.
matching-country-experience = Has already delivered a project in { $country }.
matching-region-experience = Has delivered projects in the same region ({ $region }): { $countries }.
matching-availability =
    { $experts ->
        [one] { $experts } expert is available.
       *[other] { $experts } experts are available.
    }
matching-text = Its texts speak of what the request asks: { $words }.
matching-format-expert-mission = expert mission
matching-format-training-course = training course
matching-format-internship = internship
matching-format-study-visit = study visit
matching-format-remote-advice = remote advice
matching-format-tools-and-publications = tools and publications
# Why a request could be served by a capacity (domain/matching/request_reasons.rs): the
# same criteria read from the request's side.
matching-request-sector = Asks for a sector the capacity works in: { $sectors }.
matching-request-sector-category = Asks for a neighbouring sector of the same category: { $categories }.
matching-request-sdg-target = Pursues the capacity's SDG targets: { $targets }.
matching-request-sdg-goal = Pursues the capacity's Sustainable Development Goals: { $goals }.
matching-request-format = Prefers a format the capacity offers: { $formats }.
matching-request-language = Prefers a language the capacity's experts work in: { $languages }.
matching-request-country-experience = Comes from a country where the capacity has already delivered a project: { $country }.
matching-request-region-experience = Comes from a region ({ $region }) where the capacity has delivered projects: { $countries }.
matching-request-availability =
    { $experts ->
        [one] The capacity has { $experts } expert available.
       *[other] The capacity has { $experts } experts available.
    }
matching-request-text = Its texts speak of what the capacity offers: { $words }.
