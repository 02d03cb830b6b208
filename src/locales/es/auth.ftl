auth-missing = esta operación necesita un encabezado `Authorization: Bearer <token>`
auth-header-not-text = el encabezado Authorization no es texto válido
auth-scheme-not-bearer = el esquema de Authorization debe ser Bearer
token-with-bearer-prefix = el token empieza con un segundo "Bearer ": envíe `Authorization: Bearer <token>` solo con el token (quite el prefijo de lo que pegó)
token-malformed = el token está mal formado
token-client-revoked = el cliente de la API fue revocado
token-no-role = al token le falta el claim role
token-partner-without-org = un token de socio debe llevar el claim org
token-no-kid = el token no indica ninguna clave (kid)
token-kid-untrusted = la clave del token (kid) no es de confianza
token-role-beyond-issuer = el token reclama un rol que su emisor no puede otorgar
token-org-not-issuers = el org del token no es la organización de su emisor
token-untrusted-issuer = el token fue emitido por un emisor que no es de confianza
token-subject-length = el claim sub debe tener entre 1 y 256 caracteres
token-issued-in-future = el token fue emitido en el futuro (iat)
token-missing-claim = al token le falta un claim obligatorio (exp, iss, aud, sub)
token-expired = el token venció
token-bad-signature = la firma del token no es válida
token-wrong-algorithm = el token no está firmado con el algoritmo esperado
token-wrong-audience = el token está destinado a otra audiencia
token-not-yet-valid = el token todavía no es válido
token-claims-malformed = los claims del token están mal formados (role debe ser { $roles }; org, un UUID)
needs-role = esta operación necesita el rol { $role }; el token tiene { $has }
needs-one-of-roles = esta operación necesita uno de los roles { $roles }; el token tiene { $has }

partner-creates-only-its-own =
    { $kind_gender ->
        [feminine] un socio solo crea { $kind_plural } en las que participa su organización ({ $org })
       *[masculine] un socio solo crea { $kind_plural } en los que participa su organización ({ $org })
    }
partner-changes-only-its-own =
    { $kind_gender ->
        [feminine] un socio solo modifica { $kind_plural } en las que participa su organización ({ $org })
       *[masculine] un socio solo modifica { $kind_plural } en los que participa su organización ({ $org })
    }
partner-keeps-its-participation = un socio no puede quitar la participación de su propia organización
partner-removes-no-other =
    { $kind_gender ->
        [feminine] un socio no puede quitar a otra organización ({ $removed }) de una { $kind }; un coordinador sí puede
       *[masculine] un socio no puede quitar a otra organización ({ $removed }) de un { $kind }; un coordinador sí puede
    }
partner-sets-no-visibility =
    { $kind_gender ->
        [feminine] un socio no puede cambiar la visibilidad de una { $kind } a { $visibility }: quién puede leerla lo deciden los coordinadores
       *[masculine] un socio no puede cambiar la visibilidad de un { $kind } a { $visibility }: quién puede leerlo lo deciden los coordinadores
    }
