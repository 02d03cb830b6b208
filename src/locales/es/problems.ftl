problem-bad-request = Solicitud incorrecta
problem-unauthorized = Se requiere autenticación
problem-forbidden = Acceso denegado
problem-not-found = No encontrado
problem-method-not-allowed = Método no permitido
problem-not-acceptable = No aceptable
problem-conflict = Conflicto
problem-precondition-failed = La precondición falló
problem-request-timeout = Tiempo de espera agotado
problem-payload-too-large = Cuerpo demasiado grande
problem-unsupported-media-type = Tipo de contenido no admitido
problem-validation-failed = La validación falló
problem-precondition-required = Se requiere una precondición
problem-too-many-requests = Demasiadas solicitudes
problem-internal = Error interno del servidor
problem-service-unavailable = Servicio no disponible

internal-error = el servidor no pudo completar la solicitud; el error quedó registrado
database-unavailable = la base de datos no está disponible; vuelva a intentarlo en unos instantes
database-timeout = la base de datos no respondió a tiempo; vuelva a intentarlo en unos instantes
record-not-found = no hay ningún registro con este id
record-unique-violation = ya existe un registro con el mismo valor único
record-referenced = el registro está referido por otro registro, o se refiere a otro
not-found-with-id =
    { $kind_gender ->
        [feminine] no hay ninguna { $kind } con el id { $id }
       *[masculine] no hay ningún { $kind } con el id { $id }
    }
no-route = no hay ninguna ruta para { $path }
method-not-allowed = { $method } no está permitido aquí; se permiten: { $allowed }

violations-one = se infringe 1 regla: { $message }
violations-one-at = se infringe 1 regla: { $pointer }: { $message }
violations-many = se infringen { $count } reglas
at-pointer = { $pointer }: { $message }
parameter-problem = parámetro `{ $name }`: { $message }

stale-version = el registro cambió desde que lo leyó: su versión actual es la { $version }; vuelva a leerlo y aplique de nuevo su cambio
changed-concurrently = otra solicitud modificó el registro en el mismo momento; vuelva a leerlo y aplique de nuevo su cambio
if-match-required = esta escritura necesita un encabezado If-Match con el ETag de la versión que leyó
if-match-any = no se acepta If-Match: *; envíe el ETag de la versión que leyó
if-match-malformed = debe ser una etiqueta de entidad como "3"
header-not-text = no es texto válido

too-many-from-caller = demasiadas solicitudes de este cliente; vuelva a intentarlo en { $seconds } s
too-many-from-address = demasiadas solicitudes desde esta dirección; vuelva a intentarlo en { $seconds } s
too-many-for-client = demasiados intentos para este cliente de la API; vuelva a intentarlo en { $seconds } s
token-requests-busy = en este momento se están verificando demasiadas solicitudes de token; vuelva a intentarlo en unos instantes

draft-incomplete =
    { $kind_gender ->
        [feminine] la { $kind } es un borrador incompleto: su completeness enumera { $problems } que hay que resolver antes
       *[masculine] el { $kind } es un borrador incompleto: su completeness enumera { $problems } que hay que resolver antes
    }

idempotency-in-progress = todavía se está procesando una solicitud con esta Idempotency-Key; vuelva a intentarlo en unos instantes
idempotency-key-reused = esta Idempotency-Key ya se usó para otra solicitud; use una clave nueva para una solicitud nueva
idempotency-key-malformed = debe tener entre 1 y 255 caracteres ASCII visibles
codelist-not-found = no hay ninguna lista de códigos llamada { $name }; GET /api/v1/codelists las enumera
