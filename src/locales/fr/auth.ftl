auth-missing = cette opération nécessite un en-tête `Authorization: Bearer <token>`
auth-header-not-text = l'en-tête Authorization n'est pas un texte valide
auth-scheme-not-bearer = le schéma d'Authorization doit être Bearer
token-with-bearer-prefix = le jeton commence par un second « Bearer » : envoyez `Authorization: Bearer <token>` avec le jeton seul (retirez le préfixe de ce qui a été collé)
token-malformed = le jeton est mal formé
token-client-revoked = le client de l'API a été révoqué
token-no-role = il manque au jeton la revendication role
token-partner-without-org = un jeton de partenaire doit porter la revendication org
token-no-kid = le jeton ne désigne aucune clé (kid)
token-kid-untrusted = la clé du jeton (kid) n'est pas approuvée
token-role-beyond-issuer = le jeton revendique un rôle que son émetteur ne peut pas accorder
token-org-not-issuers = l'org du jeton n'est pas l'organisation de son émetteur
token-untrusted-issuer = le jeton a été émis par un émetteur non approuvé
token-subject-length = la revendication sub doit compter de 1 à 256 caractères
token-issued-in-future = le jeton a été émis dans le futur (iat)
token-missing-claim = il manque au jeton une revendication obligatoire (exp, iss, aud, sub)
token-expired = le jeton a expiré
token-bad-signature = la signature du jeton n'est pas valide
token-wrong-algorithm = le jeton n'est pas signé avec l'algorithme attendu
token-wrong-audience = le jeton est destiné à une autre audience
token-not-yet-valid = le jeton n'est pas encore valide
token-claims-malformed = les revendications du jeton sont mal formées (role doit être { $roles } ; org, un UUID)
needs-role = cette opération nécessite le rôle { $role } ; le jeton a le rôle { $has }
needs-one-of-roles = cette opération nécessite l'un des rôles { $roles } ; le jeton a le rôle { $has }

partner-creates-only-its-own =
    { $kind_gender ->
        [feminine] un partenaire ne crée que des { $kind_plural } auxquelles participe son organisation ({ $org })
        [feminine-vowel] un partenaire ne crée que des { $kind_plural } auxquelles participe son organisation ({ $org })
       *[masculine] un partenaire ne crée que des { $kind_plural } auxquels participe son organisation ({ $org })
    }
partner-changes-only-its-own =
    { $kind_gender ->
        [feminine] un partenaire ne modifie que des { $kind_plural } auxquelles participe son organisation ({ $org })
        [feminine-vowel] un partenaire ne modifie que des { $kind_plural } auxquelles participe son organisation ({ $org })
       *[masculine] un partenaire ne modifie que des { $kind_plural } auxquels participe son organisation ({ $org })
    }
partner-keeps-its-participation = un partenaire ne peut pas retirer la participation de sa propre organisation
partner-removes-no-other =
    { $kind_gender ->
        [feminine] un partenaire ne peut pas retirer une autre organisation ({ $removed }) d'une { $kind } ; un coordinateur le peut
        [feminine-vowel] un partenaire ne peut pas retirer une autre organisation ({ $removed }) d'une { $kind } ; un coordinateur le peut
       *[masculine] un partenaire ne peut pas retirer une autre organisation ({ $removed }) d'un { $kind } ; un coordinateur le peut
    }
partner-sets-no-visibility =
    { $kind_gender ->
        [feminine] un partenaire ne peut pas rendre une { $kind } { $visibility } : qui peut la lire, c'est aux coordinateurs d'en décider
        [feminine-vowel] un partenaire ne peut pas rendre une { $kind } { $visibility } : qui peut la lire, c'est aux coordinateurs d'en décider
       *[masculine] un partenaire ne peut pas rendre un { $kind } { $visibility } : qui peut le lire, c'est aux coordinateurs d'en décider
    }
