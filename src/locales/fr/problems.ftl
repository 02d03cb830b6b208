problem-bad-request = Requête incorrecte
problem-unauthorized = Authentification requise
problem-forbidden = Accès refusé
problem-not-found = Introuvable
problem-method-not-allowed = Méthode non autorisée
problem-not-acceptable = Non acceptable
problem-conflict = Conflit
problem-precondition-failed = Échec de la précondition
problem-request-timeout = Délai de requête dépassé
problem-payload-too-large = Corps trop volumineux
problem-unsupported-media-type = Type de média non pris en charge
problem-validation-failed = Échec de la validation
problem-precondition-required = Précondition requise
problem-too-many-requests = Trop de requêtes
problem-internal = Erreur interne du serveur
problem-service-unavailable = Service indisponible

internal-error = le serveur n'a pas pu traiter la requête ; l'erreur a été journalisée
database-unavailable = la base de données est indisponible ; réessayez dans un instant
database-timeout = la base de données n'a pas répondu à temps ; réessayez dans un instant
record-not-found = aucun enregistrement ne porte cet id
record-unique-violation = un enregistrement ayant la même valeur unique existe déjà
record-referenced = l'enregistrement est référencé par un autre enregistrement, ou en référence un
not-found-with-id =
    { $kind_gender ->
        [feminine] aucune { $kind } ne porte l'id { $id }
        [feminine-vowel] aucune { $kind } ne porte l'id { $id }
       *[masculine] aucun { $kind } ne porte l'id { $id }
    }
no-route = aucune route pour { $path }
method-not-allowed = { $method } n'est pas autorisé ici ; méthodes autorisées : { $allowed }

violations-one = 1 règle enfreinte : { $message }
violations-one-at = 1 règle enfreinte : { $pointer } : { $message }
violations-many = { $count } règles enfreintes
at-pointer = { $pointer } : { $message }
parameter-problem = paramètre `{ $name }` : { $message }

stale-version = l'enregistrement a changé depuis votre lecture : sa version actuelle est la { $version } ; relisez-le et appliquez de nouveau votre modification
changed-concurrently = une autre requête a modifié l'enregistrement au même moment ; relisez-le et appliquez de nouveau votre modification
if-match-required = cette écriture nécessite un en-tête If-Match portant l'ETag de la version que vous avez lue
if-match-any = If-Match: * n'est pas accepté ; envoyez l'ETag de la version que vous avez lue
if-match-malformed = doit être une étiquette d'entité telle que "3"
header-not-text = n'est pas un texte valide

too-many-from-caller = trop de requêtes de cet appelant ; réessayez dans { $seconds } s
too-many-from-address = trop de requêtes depuis cette adresse ; réessayez dans { $seconds } s
too-many-for-client = trop de tentatives pour ce client de l'API ; réessayez dans { $seconds } s
token-requests-busy = trop de demandes de jeton sont en cours de vérification ; réessayez dans un instant

draft-incomplete =
    { $kind_gender ->
        [feminine] la { $kind } est un brouillon incomplet : sa completeness liste { $problems } à résoudre d'abord
        [feminine-vowel] l'{ $kind } est un brouillon incomplet : sa completeness liste { $problems } à résoudre d'abord
        [masculine-vowel] l'{ $kind } est un brouillon incomplet : sa completeness liste { $problems } à résoudre d'abord
       *[masculine] le { $kind } est un brouillon incomplet : sa completeness liste { $problems } à résoudre d'abord
    }

idempotency-in-progress = une requête portant cette Idempotency-Key est encore en cours de traitement ; réessayez dans un instant
idempotency-key-reused = cette Idempotency-Key a déjà servi pour une autre requête ; utilisez une nouvelle clé pour une nouvelle requête
idempotency-key-malformed = doit compter de 1 à 255 caractères ASCII visibles
codelist-not-found = aucune liste de codes ne s'appelle { $name } ; GET /api/v1/codelists les énumère
