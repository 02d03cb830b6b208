# Grammaire commune à de nombreux messages : listes, dénombrements et noms dénombrés.
list-middle = { $first }, { $rest }
list-and = { $first } et { $last }
list-or = { $first } ou { $last }

# Le genre d'un nom : masculine ou feminine, et -vowel quand il commence par une voyelle
# (l'article défini s'élide : « l'organisation », « l'échange »). Un sélecteur qui ne
# distingue pas l'élision traite feminine-vowel comme feminine, masculine-vowel comme
# masculine (la variante par défaut).

# En français, 0 et 1 sont au singulier (catégorie CLDR « one ») : « 0 problème ».
counted =
    { $count ->
        [one] { $count } { $noun }
       *[other] { $count } { $noun_plural }
    }

noun-problem = problème
    .plural = problèmes
    .gender = masculine
noun-rule = règle
    .plural = règles
    .gender = feminine
noun-byte = octet
    .plural = octets
    .gender = masculine
noun-second = seconde
    .plural = secondes
    .gender = feminine
noun-organisation = organisation
    .plural = organisations
    .gender = feminine-vowel
noun-project = projet
    .plural = projets
    .gender = masculine
noun-partnership = partenariat
    .plural = partenariats
    .gender = masculine
noun-triangular-arrangement = accord triangulaire
    .plural = accords triangulaires
    .gender = masculine-vowel
noun-policy-exchange = échange de politiques
    .plural = échanges de politiques
    .gender = masculine-vowel
noun-capacity = capacité
    .plural = capacités
    .gender = feminine
noun-project-results = résultats du projet
    .plural = résultats des projets
    .gender = masculine
noun-project-activities = activités du projet
    .plural = activités des projets
    .gender = feminine
noun-api-client = client de l'API
    .plural = clients de l'API
    .gender = masculine
noun-webhook = webhook
    .plural = webhooks
    .gender = masculine
noun-cooperation-request = demande de coopération
    .plural = demandes de coopération
    .gender = feminine
