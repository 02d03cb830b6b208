# Règles propres à chaque type d'enregistrement (le `errors[].message` d'un 422, après le
# pointeur du membre). Noms de membres, codes, ids et valeurs restent tels que le client
# les écrit.

## Décimaux exacts.
decimal-malformed = doit être un nombre décimal écrit avec des chiffres et un '.' facultatif (p. ex. "1250.50") ; reçu { $value }
decimal-no-minor-unit = { $value } a des décimales, mais cette devise n'a pas de subdivision
decimal-too-many-places =
    { $places ->
        [one] { $value } a plus de { $places } décimale
       *[other] { $value } a plus de { $places } décimales
    }
decimal-too-many-digits = { $value } est trop grand (au plus { $digits } chiffres avant le point)
decimal-too-large = { $value } est trop grand
amount-invalid = montant : { $problem }
percentage-invalid = pourcentage : { $problem }
percentage-range = le pourcentage doit être supérieur à 0 et au plus égal à 100 ; reçu { $value }

## Argent et contributions.
contribution-not-participant = l'organisation { $organisation } ne participe pas au projet
contribution-not-party = l'organisation { $organisation } n'est pas partie à l'accord
contribution-currency-twice = l'organisation { $organisation } a deux entrées dans la même devise
contribution-amount-without-currency = un montant a besoin de sa devise
contribution-currency-without-amount = une devise a besoin d'un montant
contribution-empty = il faut un montant (amount) ou des jours d'expert (expert_days)

## Communes à plusieurs types.
code-listed-twice = { $code } figure deux fois
record-code-format = doit commencer par une lettre ou un chiffre et n'utiliser que des lettres, des chiffres, '-', '_', '.', '/'
iati-identifier-format = doit être un identifiant d'activité IATI, tel que { $example }
date-not-before = ne doit pas être antérieure à { $start }
date-in-future = ne doit pas être dans le futur (nous sommes le { $today })
actual-end-needs-start = exige un actual_start
goal-listed-twice = l'objectif { $goal } figure deux fois
target-listed-twice = la cible { $target } figure deux fois
target-outside-goals = la cible { $target } relève de l'objectif { $goal }, qui ne figure pas dans sdg_goals

## Projets.
capacity-listed-twice = la capacité { $id } figure deux fois
project-needs-recipient = un projet a besoin d'au moins un pays ou une région bénéficiaire
recipient-percentages-sum = les pourcentages des pays et régions bénéficiaires doivent totaliser 100 ; ils totalisent { $total }
project-needs-sector = un projet a besoin d'au moins un secteur CAD
sector-percentages-sum = les pourcentages des secteurs doivent totaliser 100 ; ils totalisent { $total }
project-needs-participant = un projet a besoin d'au moins un participant
participant-listed-twice = l'organisation { $organisation } figure deux fois comme { $role }
triangular-project-needs-role =
    { $role ->
        [first_provider] un projet triangulaire a besoin d'au moins un premier fournisseur
        [second_provider] un projet triangulaire a besoin d'au moins un second fournisseur
       *[recipient] un projet triangulaire a besoin d'au moins un bénéficiaire
    }
triangular-roles-exclusive = l'organisation { $organisation } tient plus d'un des rôles de premier fournisseur, second fournisseur et bénéficiaire
bilateral-project-needs-provider = un projet bilatéral a besoin d'un fournisseur (ou d'un participant ayant le rôle both)
bilateral-project-needs-recipient = un projet bilatéral a besoin d'un bénéficiaire (ou d'un participant ayant le rôle both)

## Activités d'un projet.
date-on-or-after = doit être égale ou postérieure à { $start }
activity-outside-project-dates = doit se situer dans les dates du projet (du { $earliest } au { $latest })
activity-done-needs-date = est obligatoire une fois l'activité réalisée
activity-actual-dates-when-done = seule une activité réalisée a des dates effectives
activity-cancelled-needs-reason = est obligatoire lorsque l'activité est annulée
activity-reason-when-cancelled = seule une activité annulée a un motif d'annulation
participants-women-above-total = ne doit pas dépasser participants_total ({ $total })
participants-total-needed = est obligatoire lorsque participants_women est indiqué
text-length = doit compter de { $min } à { $max } caractères
cost-payer-outside-project = l'organisation { $organisation } ne prend pas part au projet : un coût est payé par l'un de ses participants ou contributeurs
cost-executed-when-done = seule une activité réalisée a des coûts exécutés

## Texte par langue et liens vers des documents.
text-language-unknown = langue inconnue { $language } : utilisez un code ISO 639-1 (GET /api/v1/codelists/languages)
text-empty = ne doit pas être vide : omettez plutôt cette langue
text-too-long = au plus { $max } caractères
text-nul = ne doit pas contenir le caractère NUL (U+0000)
text-too-many-languages = au plus { $max } langues
text-default-language-required = obligatoire : le texte dans la langue par défaut de l'enregistrement ({ $language })
listed-twice = figure deux fois
link-format-unknown = { $problem } : utilisez un type de média IANA (GET /api/v1/codelists/file_formats)
link-category-of-organisations = { $category } est réservé aux documents d'organisation : les documents d'une activité prennent A01–A12
url-invisible-character = ne doit pas contenir de caractères de contrôle ni de mise en forme invisibles ({ $character })
url-backslash = ne doit pas contenir de barres obliques inverses
url-not-absolute = doit être une URL absolue avec un hôte (https://host/...)
url-malformed = n'est pas une URL ({ $reason })
url-scheme = seuls les liens https et http sont conservés, pas { $scheme }
url-credentials = ne doit pas contenir d'identifiants (utilisateur ou mot de passe)
url-no-host = il faut un hôte

## Résultats et indicateurs.
baseline-date-year = doit tomber dans l'année de la valeur de référence ({ $year })
period-outside-project-dates = la période doit se situer dans les dates du projet (du { $earliest } au { $latest })
target-below-ascending-baseline = en dessous de la valeur de référence, mais l'indicateur est croissant (plus est mieux) : corrigez la cible ou mettez ascending à false
target-above-descending-baseline = au-dessus de la valeur de référence, mais l'indicateur est décroissant (moins est mieux) : corrigez la cible ou mettez ascending à true
periods-overlap = chevauche la période { $period } (du { $start } au { $end }) : les périodes d'un indicateur ne se chevauchent pas
qualitative-without-value = un indicateur qualitatif n'a pas de valeur : mettez le texte dans comment
qualitative-needs-comment = obligatoire : un indicateur qualitatif porte un texte
quantitative-needs-value = obligatoire : les indicateurs des mesures 1 à 4 portent un nombre
percentage-value-range = un pourcentage est compris entre 0 et 100

## Transactions.
transaction-in-future = ne doit pas être postérieure à aujourd'hui ({ $today }) : une transaction est ce qui a eu lieu
value-above-zero = doit être supérieur à zéro
transaction-party-outside-project = l'organisation { $organisation } ne prend pas part au projet : indiquez l'un de ses participants ou contributeurs, ou une organisation extérieure par son nom
transaction-party-identifier-outside-only = seule une organisation extérieure (indiquée par son nom) porte ici un identifiant : une organisation du service a déjà le sien
transaction-party-id-or-name = indiquez organisation_id ou name, pas les deux
transaction-party-none = n'indique aucune organisation : donnez organisation_id (l'une du projet) ou name (une organisation extérieure)
identifier-length = doit compter de { $min } à { $max } caractères, sans espaces

## Partenariats et accords triangulaires.
agreement-needs-signature = un accord au statut { $status } a besoin de sa date de signature
partnership-needs-party = un partenariat a besoin d'au moins une partie
partnership-needs-space =
    { $scope ->
        [regional] un partenariat régional indique son espace d'intégration ou son forum
        [interregional] un partenariat interrégional indique son espace d'intégration ou son forum
       *[other] un partenariat de portée { $scope } indique son espace d'intégration ou son forum
    }
space-unknown = espace d'intégration inconnu { $code }
space-of-other-scope =
    { $kind ->
        [regional] { $code } est un espace régional, pas { $scope }
       *[other] { $code } est un espace interrégional, pas { $scope }
    }
partnership-without-space =
    { $scope ->
        [bilateral] un partenariat bilatéral n'a pas d'espace d'intégration
        [multilateral] un partenariat multilatéral n'a pas d'espace d'intégration
       *[other] un partenariat de portée { $scope } n'a pas d'espace d'intégration
    }
organisation-in-two-roles = l'organisation { $organisation } figure déjà dans { $other } ; aucune organisation ne tient deux rôles

## Listes d'organisations, de secteurs, de formats et de langues.
needs-organisation = il faut au moins une organisation
needs-sector = il faut au moins un secteur CAD
needs-format = il faut au moins un format
needs-language = il faut au moins une langue
organisation-listed-twice = l'organisation { $organisation } figure deux fois
sector-not-five-digits = { $code } n'est pas un secteur CAD à 5 chiffres

## Échanges de politiques.
exchange-with-itself = l'organisation { $organisation } offre aussi ; une institution ne fait pas d'échange avec elle-même
women-among-participants =
    { $total ->
        [one] { $women } femmes parmi { $total } participant
       *[other] { $women } femmes parmi { $total } participants
    }
participants-total-needed-short = nécessaire lorsque participants_women est indiqué
exchange-completed-needs-outcomes = un échange terminé consigne ses résultats
exchange-completed-in-future = un échange terminé ne peut pas se terminer dans le futur (nous sommes le { $today })

## Demandes de coopération.
desired-start-order = { $to } est antérieure à desired_start_from ({ $from })

## Organisations.
multilateral-without-country = une organisation multilatérale n'a pas de pays
government-needs-country = un organisme public a besoin d'un pays
organisation-identifier-format = doit être le préfixe d'une agence d'enregistrement et un id reliés par '-' (lettres, chiffres, '-', '.', '_', ':'), p. ex. { $example }

## Taux de change et tarifs par jour d'expert.
year-malformed = doit être une année, telle que 2025
year-malformed-got = doit être une année, telle que 2025 ; reçu { $got }
year-outside = { $year } est hors de { $first }–{ $last }
rate-of-usd = USD est la devise par rapport à laquelle les taux sont cotés : son taux est toujours 1
rate-above-zero = doit être supérieur à 0
rates-csv-header = l'en-tête doit nommer les colonnes year, currency et units_per_usd ; reçu { $got }
rates-csv-too-many = un envoi fixe au plus { $max } taux
rate-given-twice = le taux de { $currency } pour { $year } figure deux fois
exchange-rate-missing = aucun taux de change de { $currency } pour { $year } : un administrateur le fixe avec PUT /api/v1/exchange-rates/{ $year }/{ $currency }
expert-day-rate-missing = aucun tarif par jour d'expert pour { $year } : un administrateur le fixe avec PUT /api/v1/expert-day-rates/{ $year }
exchange-rate-not-found = aucun taux de change de { $currency } pour { $year }
expert-day-rate-not-found = aucun tarif par jour d'expert pour { $year }

## Webhooks, mise en correspondance, clients de l'API, traitement des demandes.
event-types-too-many = au plus { $max } types d'événement
event-type-unknown = type d'événement inconnu { $name } : indiquez un `<resource>.<action>`, resource parmi { $resources } et action parmi { $actions }
matching-needs-criterion = il faut un critère de mise en correspondance : sectors, sdg_targets ou text
request-reason-other-needs-comment = obligatoire lorsque le motif est other : expliquez pourquoi, pour le demandeur
client-not-admin = un client de l'API ne peut pas être admin
approved-capacity-not-found = aucune capacité approuvée ne porte l'id { $id }

## Règles qui lisent la base de données : références, parties d'un projet, membres des
## espaces.
activities-start-before-project = les activités du projet commencent le { $date } : déplacez-les ou retirez-les d'abord (PUT …/activities)
activities-end-after-project = les activités du projet se poursuivent jusqu'au { $date } : déplacez-les ou retirez-les d'abord (PUT …/activities)
results-start-before-project = les résultats du projet rendent compte d'une période à partir du { $date } : déplacez-la ou retirez-la d'abord (PUT …/results)
results-end-after-project = les résultats du projet rendent compte d'une période jusqu'au { $date } : déplacez-la ou retirez-la d'abord (PUT …/results)
payers-stay-participants =
    { $count ->
        [one] l'organisation { $organisations } paie des coûts des activités du projet : elle reste participante ou contributrice tant que ces coûts ne sont pas réaffectés (PUT …/activities)
       *[other] les organisations { $organisations } paient des coûts des activités du projet : elles restent participantes ou contributrices tant que ces coûts ne sont pas réaffectés (PUT …/activities)
    }
transaction-parties-stay-participants =
    { $count ->
        [one] l'organisation { $organisations } fournit ou reçoit des transactions du projet : elle reste participante ou contributrice tant qu'elles ne sont pas modifiées (PUT …/transactions)
       *[other] les organisations { $organisations } fournissent ou reçoivent des transactions du projet : elles restent participantes ou contributrices tant qu'elles ne sont pas modifiées (PUT …/transactions)
    }
arrangement-project-triangular = un projet relevant d'un accord triangulaire a la modalité triangular
not-arrangement-party-in-role =
    { $role ->
        [first_provider] l'organisation { $organisation } n'est pas premier fournisseur de l'accord triangulaire
        [second_provider] l'organisation { $organisation } n'est pas second fournisseur de l'accord triangulaire
       *[recipient] l'organisation { $organisation } n'est pas bénéficiaire de l'accord triangulaire
    }
organisation-own-ancestor = une organisation ne peut pas être sa propre organisation mère ni son ancêtre
bilateral-party-without-country = un partenariat bilatéral unit des organisations de deux pays ; celle-ci n'a pas de pays
bilateral-two-countries =
    { $count ->
        [one] un partenariat bilatéral unit exactement deux pays ; ses parties relèvent de { $count } pays
       *[other] un partenariat bilatéral unit exactement deux pays ; ses parties relèvent de { $count } pays
    }
space-member-on = { $country } n'était pas membre de { $space } le { $date }
multilateral-needs-multilateral = un partenariat multilatéral comprend une organisation multilatérale (type IATI 40)
client-revoked = le client de l'API { $client } est révoqué
client-revoked-webhooks = le client de l'API { $client } est révoqué : ses webhooks ne peuvent pas être activés
import-too-many-participants = un projet a au plus { $max } participants ; l'activité en nomme { $count }
import-too-many-contributions = un projet a au plus { $max } contributions ; l'activité a { $count } engagements

## La cible d'un webhook.
webhook-url-malformed = n'est pas une URL absolue : { $reason }
webhook-url-http = doit être en https (les cibles http sont refusées sauf si SSC_WEBHOOK_ALLOW_HTTP est défini)
webhook-url-scheme = doit être en https, pas en { $scheme }
webhook-url-no-host = n'a pas d'hôte
webhook-url-credentials = ne doit pas contenir d'identifiants : les destinataires authentifient les livraisons par leur signature
webhook-url-fragment = ne doit pas avoir de fragment (#…)
webhook-host-no-address = { $host } ne se résout en aucune adresse
webhook-host-private = { $host } se résout en { $address }, une adresse privée, de bouclage, de lien local ou réservée (refusée sauf si SSC_WEBHOOK_ALLOW_PRIVATE est défini)
webhook-host-unresolved = impossible de résoudre { $host } : { $reason }
webhook-host-slow = la résolution de { $host } a pris plus de { $seconds } s

## Conflits et refus d'une écriture entière. L'enregistrement est nommé sans article
## devant son nom ($kind), que l'élision rendrait faux (« le échange »).
more-you-may-not-read =
    { $count ->
        [one] { $count } autre que vous ne pouvez pas lire
       *[other] { $count } autres que vous ne pouvez pas lire
    }
arrangement-projects-would-not-match = les projets relevant de cet accord ne correspondraient plus à ses parties : { $projects } ; modifiez-les d'abord
project-value-repeated =
    { $what ->
        [code] le code { $value } est attribué à plus d'un projet
       *[other] l'identifiant IATI { $value } est attribué à plus d'un projet
    }
project-value-used =
    { $what ->
        [code] le code { $value } est déjà utilisé par { $holder }
       *[other] l'identifiant IATI { $value } est déjà utilisé par { $holder }
    }
project-with-id = le projet { $id }
another-project = un autre projet
client-revoked-no-secret = un client révoqué ne peut pas obtenir de nouveau secret ; créez un nouveau client
id-taken = { $id } est déjà pris par un autre enregistrement ({ $kind })
draft-of-its-authors = ce brouillon appartient à ses auteurs
version-awaits-review = l'enregistrement ({ $kind }) a une version en attente de revue ({ $status }) : un coordinateur l'approuve ou la renvoie d'abord
four-eyes = cette version a été écrite par { $author } : un autre réviseur l'approuve
current-version-not-approved = l'enregistrement ({ $kind }) est à l'état { $status } et sa version actuelle n'est pas approuvée : un coordinateur l'approuve ou la renvoie d'abord
organisation-identifier-taken = l'identifiant IATI { $identifier } appartient déjà à l'organisation { $holder }
delivery-not-found = le webhook { $webhook } n'a aucune livraison { $id }
webhook-disabled = le webhook { $webhook } est désactivé : activez-le d'abord (POST /api/v1/webhooks/{ $webhook }/enable)
ping-not-redelivered = un ping de test n'est pas relivré : envoyez un autre ping
idempotency-taken-over = une nouvelle tentative avec cette Idempotency-Key a pris le relais pendant le traitement de cette requête ; sa réponse fait foi
webhooks-off = les webhooks sont désactivés sur ce service : son opérateur définit SSC_WEBHOOK_KEY pour les activer
matching-limit = `limit` doit être compris entre 1 et { $max }, pas { $given }
csv-unreadable = le CSV ne peut pas être lu : { $reason }

## Paramètres de requête des listes.
code-syntax =
    { $parameter ->
        [country] doit être formé de deux lettres majuscules (ISO 3166-1 alpha-2)
        [region] doit être formé de deux à quatre chiffres (un code de région IATI)
        [sector] doit être un secteur CAD à 5 chiffres ou une catégorie à 3 chiffres
        [organisation_type] doit être formé de deux chiffres (un code IATI OrganisationType)
        [space] doit être formé de lettres minuscules et de tirets bas
       *[language] doit être formé de deux lettres minuscules (ISO 639-1)
    }
sdg-goal-parameter = doit être un objectif de développement durable, de 1 à 17
date-parameter = doit être une date, AAAA-MM-JJ
needs-parameter = nécessite le paramètre { $other }
status-parameter = doit être compris entre { $first } et { $last }
cursor-other-sort = a été émis pour un autre ordre de tri
result-type-parameter = doit être un ResultType IATI : 1, 2, 3 ou 9 (GET /api/v1/codelists/result_types)
search-too-long = doit compter au plus { $max } caractères
lang-parameter = doit être un code de langue ISO 639-1 (GET /api/v1/codelists/languages)
delivery-id-parameter = doit être l'id d'une livraison : msg_ et 32 chiffres hexadécimaux en minuscules
kind-unknown = type inconnu { $kind } ({ $known })

## Le service, ses clients, ses fichiers IATI et ses imports.
iati-file-being-generated = le fichier IATI public est en cours de génération ; réessayez dans un instant
import-code-taken = le code { $code } est pris par le projet d'une autre activité ({ $activity })
import-code-taken-by-own = le code { $code } est pris par le projet d'une autre activité (l'une de celles de l'organisation déclarante)
import-version-awaits-review = la version { $version } du projet attend une revue ({ $status }) et l'import ne l'écrase pas : approuvez-la ou renvoyez-la, puis importez de nouveau
dry-run = simulation
replay-created-client = cette requête a déjà été faite par la première portant cette Idempotency-Key : elle a créé le client { $client }. Son secret n'a été montré qu'une fois et n'est pas conservé ; obtenez-en un nouveau avec POST { $location }/rotate
replay-rotated-client = cette requête a déjà été faite par la première portant cette Idempotency-Key : elle a renouvelé le secret du client { $client }. Le nouveau secret n'a été montré qu'une fois et n'est pas conservé ; renouvelez-le encore pour en obtenir un autre
replay-created-webhook = cette requête a déjà été faite par la première portant cette Idempotency-Key : elle a créé le webhook { $webhook }. Son secret n'a été montré qu'une fois et n'est pas conservé en clair ; obtenez-en un nouveau avec POST { $location }/rotate
replay-rotated-webhook = cette requête a déjà été faite par la première portant cette Idempotency-Key : elle a renouvelé le secret du webhook { $webhook }. Le nouveau secret n'a été montré qu'une fois ; renouvelez-le encore pour en obtenir un autre
client-not-authenticated = le client n'a pas pu être authentifié
form-malformed = formulaire mal formé : { $reason }
token-content-type = envoyez { $form } ou application/json
grant-unsupported = seul le grant client_credentials est pris en charge
client-credentials-twice = authentifiez-vous par HTTP Basic ou dans le corps, pas les deux
client-credentials-missing = client_id et client_secret sont obligatoires
catalogue-not-public = le catalogue n'est pas public ici (SSC_CATALOGUE_PUBLIC est désactivé)
iati-file-content-type = un fichier IATI s'envoie avec Content-Type: application/xml
imports-busy = { $count } imports sont en cours ; réessayez quand l'un d'eux sera terminé
iati-not-published = les fichiers IATI publics ne sont pas publiés ici (SSC_IATI_PUBLISH est désactivé)
not-ready =
    { $what ->
        [writer] pas prêt : { $dependency } a échoué (le fil d'écriture SQLite s'est arrêté)
       *[database] pas prêt : { $dependency } a échoué (la base de données ne répond pas)
    }
metrics-off = les métriques sont désactivées ici (SSC_METRICS_TOKEN n'est pas défini)
metrics-needs-token = /metrics nécessite `Authorization: Bearer <SSC_METRICS_TOKEN>`
priority-for-directorate = la priorité d'une demande est fixée par la direction (coordinateurs et administrateurs), pas par un partenaire
report-year-required = est obligatoire : l'année du rapport

## Le traitement d'une demande de coopération.
request-directorate-only =
    { $action ->
        [assess] seuls les coordinateurs et les administrateurs mettent à l'étude une demande de coopération
        [accept] seuls les coordinateurs et les administrateurs acceptent une demande de coopération
        [decline] seuls les coordinateurs et les administrateurs refusent une demande de coopération
        [close] seuls les coordinateurs et les administrateurs clôturent une demande de coopération
        [formulate] seuls les coordinateurs et les administrateurs formulent une demande de coopération
        [consult] seuls les coordinateurs et les administrateurs consultent des institutions sur une demande de coopération
        [read-assessment] seuls les coordinateurs et les administrateurs lisent l'évaluation d'une demande de coopération
       *[write-notes] seuls les coordinateurs et les administrateurs écrivent des notes sur une demande de coopération
    }
request-cannot-move =
    { $action ->
        [assess] la demande de coopération est à l'état { $status } : seule une demande à l'état { $from } peut être mise à l'étude
        [accept] la demande de coopération est à l'état { $status } : seule une demande à l'état { $from } peut être acceptée
        [decline] la demande de coopération est à l'état { $status } : seule une demande à l'état { $from } peut être refusée
        [close] la demande de coopération est à l'état { $status } : seule une demande à l'état { $from } peut être clôturée
        [formulate] la demande de coopération est à l'état { $status } : seule une demande à l'état { $from } peut être formulée
       *[consult] la demande de coopération est à l'état { $status } : seule une demande à l'état { $from } peut recevoir des consultations
    }
request-cannot-move-formulated =
    { $action ->
        [assess] la demande de coopération est formulée (comme le projet { $project }) : seule une demande à l'état { $from } peut être mise à l'étude
        [accept] la demande de coopération est formulée (comme le projet { $project }) : seule une demande à l'état { $from } peut être acceptée
        [decline] la demande de coopération est formulée (comme le projet { $project }) : seule une demande à l'état { $from } peut être refusée
        [close] la demande de coopération est formulée (comme le projet { $project }) : seule une demande à l'état { $from } peut être clôturée
        [formulate] la demande de coopération est formulée (comme le projet { $project }) : seule une demande à l'état { $from } peut être formulée
       *[consult] la demande de coopération est formulée (comme le projet { $project }) : seule une demande à l'état { $from } peut recevoir des consultations
    }

## Ce qu'un brouillon incomplet n'a pas encore.
incomplete-draft-lacks =
    { $lacking ->
        [iati-activity] { $kind } { $id } : c'est un brouillon incomplet, sans activité IATI tant qu'il n'est pas complet
        [matches] { $kind } { $id } : c'est un brouillon incomplet, sans correspondances tant qu'il n'est pas complet
        [execution] { $kind } { $id } : c'est un brouillon incomplet, sans chiffres d'exécution tant qu'il n'est pas complet
        [activities] { $kind } { $id } : c'est un brouillon incomplet, sans activités tant qu'il n'est pas complet
        [results] { $kind } { $id } : c'est un brouillon incomplet, sans résultats tant qu'il n'est pas complet
       *[transactions] { $kind } { $id } : c'est un brouillon incomplet, sans transactions tant qu'il n'est pas complet
    }

## Ce qui fait encore référence à un enregistrement à supprimer.
record-still-referenced = l'enregistrement ({ $kind }) est encore référencé par { $referrers } ; retirez d'abord ces références
referring-record = { $kind } { $name }
referring-organisations =
    { $count ->
        [one] { $count } { $kind }
       *[other] { $count } { $kind_plural }
    }{ $how ->
        [parent] { " " }comme organisation mère
        [participant] { " " }comme participant ou contributeur
        [party] { " " }comme partie
        [offering-or-receiving] { " " }comme organisation qui offre ou qui reçoit
        [offering] { " " }comme organisation qui offre
        [requesting] { " " }comme organisation demandeuse
       *[client] , révoqués compris
    }

## An IATI file that cannot be read at all (the reader's reason, from the XML parser, stays as it is)
iati-file-malformed = XML mal formé à l'octet { $position } : { $reason }
iati-file-doctype = les documents avec un DOCTYPE sont refusés : les fichiers IATI n'en ont pas besoin, et c'est là que vivent les entités externes et l'expansion d'entités
iati-file-too-many-attributes = un élément a plus de { $max } attributs (à l'octet { $position }) : non lu
iati-file-tag-too-large = une balise de plus de 1 Mio (à l'octet { $position }) : non lue
iati-file-not-iati = ce n'est pas un fichier d'activités IATI : l'élément racine est <{ $root }>, et non <iati-activities>
iati-file-unsupported-version = la version { $version } d'IATI n'est pas lue : seules les versions 2.01 à 2.03 le sont (convertissez d'abord les fichiers 1.x avec les outils d'IATI)
