code-unknown =
    { $what_gender ->
        [feminine] { $what } inconnue { $code }
       *[other] { $what } inconnu { $code }
    }
code-unknown-upper =
    { $what_gender ->
        [feminine] { $what } inconnue { $code } : les codes s'écrivent en majuscules, vouliez-vous dire { $upper } ?
       *[other] { $what } inconnu { $code } : les codes s'écrivent en majuscules, vouliez-vous dire { $upper } ?
    }
code-withdrawn =
    { $what_gender ->
        [feminine] { $what } { $code } : elle a été retirée et ne peut plus servir pour de nouvelles données
       *[other] { $what } { $code } : il a été retiré et ne peut plus servir pour de nouvelles données
    }

code-country = code de pays
    .gender = masculine
code-region = code de région
    .gender = masculine
code-currency = devise
    .gender = feminine
code-document-category = catégorie de document
    .gender = feminine
code-file-format = format de fichier
    .gender = masculine
code-language = langue
    .gender = feminine
code-organisation-type = type d'organisation
    .gender = masculine
code-dac-sector = secteur CAD
    .gender = masculine
code-dac-sector-category = catégorie de secteur CAD
    .gender = feminine
code-activity-status = statut d'activité
    .gender = masculine
code-sdg-goal = objectif de développement durable
    .gender = masculine
code-sdg-target = cible des ODD
    .gender = feminine
code-result-type = type de résultat
    .gender = masculine
code-indicator-measure = mesure d'indicateur
    .gender = feminine
code-integration-space = espace d'intégration
    .gender = masculine
