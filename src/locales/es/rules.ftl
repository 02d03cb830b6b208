# Reglas propias de cada tipo de registro (el `errors[].message` de un 422, tras el
# puntero del miembro). Nombres de miembros, códigos, ids y valores quedan como los
# escribe el cliente.

## Decimales exactos.
decimal-malformed = debe ser un número decimal escrito con dígitos y un '.' opcional (p. ej. "1250.50"); se recibió { $value }
decimal-no-minor-unit = { $value } tiene decimales, pero esta moneda no tiene unidad fraccionaria
decimal-too-many-places =
    { $places ->
        [one] { $value } tiene más de { $places } decimal
       *[other] { $value } tiene más de { $places } decimales
    }
decimal-too-many-digits = { $value } es demasiado grande (como máximo { $digits } dígitos antes del punto)
decimal-too-large = { $value } es demasiado grande
amount-invalid = monto: { $problem }
percentage-invalid = porcentaje: { $problem }
percentage-range = el porcentaje debe ser mayor que 0 y como máximo 100; se recibió { $value }

## Dinero y contribuciones.
contribution-not-participant = la organización { $organisation } no participa en el proyecto
contribution-not-party = la organización { $organisation } no es parte del acuerdo
contribution-currency-twice = la organización { $organisation } tiene dos entradas en la misma moneda
contribution-amount-without-currency = un monto necesita su moneda
contribution-currency-without-amount = una moneda necesita un monto
contribution-empty = necesita un monto (amount) o días de experto (expert_days)

## Comunes a varios tipos.
code-listed-twice = { $code } figura dos veces
record-code-format = debe empezar con una letra o un dígito y usar solo letras, dígitos, '-', '_', '.', '/'
iati-identifier-format = debe ser un identificador de actividad IATI, como { $example }
date-not-before = no debe ser anterior a { $start }
date-in-future = no debe estar en el futuro (hoy es { $today })
actual-end-needs-start = requiere un actual_start
goal-listed-twice = el objetivo { $goal } figura dos veces
target-listed-twice = la meta { $target } figura dos veces
target-outside-goals = la meta { $target } pertenece al objetivo { $goal }, que no está en sdg_goals

## Proyectos.
capacity-listed-twice = la capacidad { $id } figura dos veces
project-needs-recipient = un proyecto necesita al menos un país o una región receptores
recipient-percentages-sum = los porcentajes de los países y las regiones receptores deben sumar 100; suman { $total }
project-needs-sector = un proyecto necesita al menos un sector CAD
sector-percentages-sum = los porcentajes de los sectores deben sumar 100; suman { $total }
project-needs-participant = un proyecto necesita al menos un participante
participant-listed-twice = la organización { $organisation } figura dos veces como { $role }
triangular-project-needs-role =
    { $role ->
        [first_provider] un proyecto triangular necesita al menos un primer oferente
        [second_provider] un proyecto triangular necesita al menos un segundo oferente
       *[recipient] un proyecto triangular necesita al menos un receptor
    }
triangular-roles-exclusive = la organización { $organisation } ocupa más de uno de los roles de primer oferente, segundo oferente y receptor
bilateral-project-needs-provider = un proyecto bilateral necesita un oferente (o un participante con el rol both)
bilateral-project-needs-recipient = un proyecto bilateral necesita un receptor (o un participante con el rol both)

## Actividades de un proyecto.
date-on-or-after = debe ser igual o posterior a { $start }
activity-outside-project-dates = debe estar dentro de las fechas del proyecto ({ $earliest } a { $latest })
activity-done-needs-date = es obligatorio una vez realizada la actividad
activity-actual-dates-when-done = solo una actividad realizada tiene fechas reales
activity-cancelled-needs-reason = es obligatorio cuando la actividad está cancelada
activity-reason-when-cancelled = solo una actividad cancelada tiene un motivo de cancelación
participants-women-above-total = no debe superar participants_total ({ $total })
participants-total-needed = es obligatorio cuando se indica participants_women
text-length = debe tener entre { $min } y { $max } caracteres
cost-payer-outside-project = la organización { $organisation } no forma parte del proyecto: un costo lo paga uno de sus participantes o contribuyentes
cost-executed-when-done = solo una actividad realizada tiene costos ejecutados

## Texto por idioma y enlaces a documentos.
text-language-unknown = idioma desconocido { $language }: use un código ISO 639-1 (GET /api/v1/codelists/languages)
text-empty = no debe estar vacío: omita ese idioma
text-too-long = como máximo { $max } caracteres
text-nul = no debe contener el carácter NUL (U+0000)
text-too-many-languages = como máximo { $max } idiomas
text-default-language-required = obligatorio: el texto en el idioma predeterminado del registro ({ $language })
listed-twice = figura dos veces
link-format-unknown = { $problem }: use un tipo de medio IANA (GET /api/v1/codelists/file_formats)
link-category-of-organisations = { $category } es para documentos de organizaciones: los documentos de una actividad llevan A01–A12
url-invisible-character = no debe contener caracteres de control ni de formato invisibles ({ $character })
url-backslash = no debe contener barras invertidas
url-not-absolute = debe ser una URL absoluta con un host (https://host/...)
url-malformed = no es una URL ({ $reason })
url-scheme = solo se guardan enlaces https y http, no { $scheme }
url-credentials = no debe llevar credenciales (usuario o contraseña)
url-no-host = necesita un host

## Resultados e indicadores.
baseline-date-year = debe caer en el año de la línea de base ({ $year })
period-outside-project-dates = el período debe estar dentro de las fechas del proyecto ({ $earliest } a { $latest })
target-below-ascending-baseline = por debajo de la línea de base, pero el indicador es ascendente (más es mejor): corrija la meta o ponga ascending en false
target-above-descending-baseline = por encima de la línea de base, pero el indicador es descendente (menos es mejor): corrija la meta o ponga ascending en true
periods-overlap = se superpone con el período { $period } ({ $start } a { $end }): los períodos de un indicador no se superponen
qualitative-without-value = un indicador cualitativo no tiene valor: ponga el texto en comment
qualitative-needs-comment = obligatorio: un indicador cualitativo lleva texto
quantitative-needs-value = obligatorio: los indicadores de las medidas 1 a 4 llevan un número
percentage-value-range = un porcentaje está entre 0 y 100

## Transacciones.
transaction-in-future = no debe ser posterior a hoy ({ $today }): una transacción es algo que ya ocurrió
value-above-zero = debe ser mayor que cero
transaction-party-outside-project = la organización { $organisation } no forma parte del proyecto: indique uno de sus participantes o contribuyentes, o una organización externa por su nombre
transaction-party-identifier-outside-only = solo una organización externa (indicada por nombre) lleva aquí un identificador: una organización del servicio ya tiene el suyo
transaction-party-id-or-name = indique organisation_id o name, no ambos
transaction-party-none = no indica ninguna organización: dé organisation_id (una del proyecto) o name (una externa)
identifier-length = debe tener entre { $min } y { $max } caracteres, sin espacios

## Asociaciones y acuerdos triangulares.
agreement-needs-signature = un acuerdo con estado { $status } necesita su fecha de firma
partnership-needs-party = una asociación necesita al menos una parte
partnership-needs-space =
    { $scope ->
        [regional] una asociación regional indica su espacio de integración o foro
        [interregional] una asociación interregional indica su espacio de integración o foro
       *[other] una asociación de alcance { $scope } indica su espacio de integración o foro
    }
space-unknown = espacio de integración desconocido { $code }
space-of-other-scope =
    { $kind ->
        [regional] { $code } es un espacio regional, no { $scope }
       *[other] { $code } es un espacio interregional, no { $scope }
    }
partnership-without-space =
    { $scope ->
        [bilateral] una asociación bilateral no tiene espacio de integración
        [multilateral] una asociación multilateral no tiene espacio de integración
       *[other] una asociación de alcance { $scope } no tiene espacio de integración
    }
organisation-in-two-roles = la organización { $organisation } ya figura en { $other }; ninguna organización ocupa dos roles

## Listas de organizaciones, sectores, formatos e idiomas.
needs-organisation = necesita al menos una organización
needs-sector = necesita al menos un sector CAD
needs-format = necesita al menos un formato
needs-language = necesita al menos un idioma
organisation-listed-twice = la organización { $organisation } figura dos veces
sector-not-five-digits = { $code } no es un sector CAD de 5 dígitos

## Intercambios de políticas.
exchange-with-itself = la organización { $organisation } también ofrece; una institución no hace un intercambio consigo misma
women-among-participants =
    { $total ->
        [one] { $women } mujeres entre { $total } participante
       *[other] { $women } mujeres entre { $total } participantes
    }
participants-total-needed-short = se necesita cuando se indica participants_women
exchange-completed-needs-outcomes = un intercambio concluido registra sus resultados
exchange-completed-in-future = un intercambio concluido no puede terminar en el futuro (hoy es { $today })

## Solicitudes de cooperación.
desired-start-order = { $to } es anterior a desired_start_from ({ $from })

## Organizaciones.
multilateral-without-country = un organismo multilateral no tiene país
government-needs-country = un organismo de gobierno necesita un país
organisation-identifier-format = debe ser el prefijo de una agencia de registro y un id unidos por '-' (letras, dígitos, '-', '.', '_', ':'), p. ej. { $example }

## Tipos de cambio y tarifas por día de experto.
year-malformed = debe ser un año, como 2025
year-malformed-got = debe ser un año, como 2025; se recibió { $got }
year-outside = { $year } está fuera de { $first }–{ $last }
rate-of-usd = USD es la moneda respecto de la cual se expresan los tipos de cambio: su tipo es siempre 1
rate-above-zero = debe ser mayor que 0
rates-csv-header = el encabezado debe nombrar las columnas year, currency y units_per_usd; se recibió { $got }
rates-csv-too-many = una carga fija como máximo { $max } tipos de cambio
rate-given-twice = el tipo de cambio de { $currency } para { $year } figura dos veces
exchange-rate-missing = no hay tipo de cambio de { $currency } para { $year }: un administrador lo fija con PUT /api/v1/exchange-rates/{ $year }/{ $currency }
expert-day-rate-missing = no hay tarifa por día de experto para { $year }: un administrador la fija con PUT /api/v1/expert-day-rates/{ $year }
exchange-rate-not-found = no hay tipo de cambio de { $currency } para { $year }
expert-day-rate-not-found = no hay tarifa por día de experto para { $year }

## Webhooks, búsqueda de coincidencias, clientes de la API, tramitación de solicitudes.
event-types-too-many = como máximo { $max } tipos de evento
event-type-unknown = tipo de evento desconocido { $name }: indique uno `<resource>.<action>`, con resource uno de { $resources } y action uno de { $actions }
matching-needs-criterion = necesita algo con qué buscar coincidencias: sectors, sdg_targets o text
request-reason-other-needs-comment = obligatorio cuando el motivo es other: explique por qué, para el solicitante
client-not-admin = un cliente de la API no puede ser admin
approved-capacity-not-found = no hay ninguna capacidad aprobada con el id { $id }

## Reglas que leen la base de datos: referencias, partes de un proyecto, miembros de los
## espacios.
activities-start-before-project = las actividades del proyecto empiezan el { $date }: muévalas o quítelas primero (PUT …/activities)
activities-end-after-project = las actividades del proyecto se extienden hasta el { $date }: muévalas o quítelas primero (PUT …/activities)
results-start-before-project = los resultados del proyecto informan un período desde el { $date }: muévalo o quítelo primero (PUT …/results)
results-end-after-project = los resultados del proyecto informan un período hasta el { $date }: muévalo o quítelo primero (PUT …/results)
payers-stay-participants =
    { $count ->
        [one] la organización { $organisations } paga costos de las actividades del proyecto: sigue siendo participante o contribuyente hasta que esos costos se reasignen (PUT …/activities)
       *[other] las organizaciones { $organisations } pagan costos de las actividades del proyecto: siguen siendo participantes o contribuyentes hasta que esos costos se reasignen (PUT …/activities)
    }
transaction-parties-stay-participants =
    { $count ->
        [one] la organización { $organisations } aporta o recibe transacciones del proyecto: sigue siendo participante o contribuyente hasta que estas se modifiquen (PUT …/transactions)
       *[other] las organizaciones { $organisations } aportan o reciben transacciones del proyecto: siguen siendo participantes o contribuyentes hasta que estas se modifiquen (PUT …/transactions)
    }
arrangement-project-triangular = un proyecto enmarcado en un acuerdo triangular tiene la modalidad triangular
not-arrangement-party-in-role =
    { $role ->
        [first_provider] la organización { $organisation } no es primer oferente del acuerdo triangular
        [second_provider] la organización { $organisation } no es segundo oferente del acuerdo triangular
       *[recipient] la organización { $organisation } no es receptora del acuerdo triangular
    }
organisation-own-ancestor = una organización no puede ser su propia organización madre ni su antecesora
bilateral-party-without-country = una asociación bilateral es entre organizaciones de dos países; esta no tiene país
bilateral-two-countries =
    { $count ->
        [one] una asociación bilateral une exactamente dos países; sus partes pertenecen a { $count } país
       *[other] una asociación bilateral une exactamente dos países; sus partes pertenecen a { $count } países
    }
space-member-on = { $country } no era miembro de { $space } el { $date }
multilateral-needs-multilateral = una asociación multilateral incluye un organismo multilateral (tipo IATI 40)
client-revoked = el cliente de la API { $client } está revocado
client-revoked-webhooks = el cliente de la API { $client } está revocado: sus webhooks no pueden activarse
import-too-many-participants = un proyecto tiene como máximo { $max } participantes; la actividad nombra { $count }
import-too-many-contributions = un proyecto tiene como máximo { $max } contribuciones; la actividad tiene { $count } compromisos

## El destino de un webhook.
webhook-url-malformed = no es una URL absoluta: { $reason }
webhook-url-http = debe ser https (los destinos http se rechazan salvo que se fije SSC_WEBHOOK_ALLOW_HTTP)
webhook-url-scheme = debe ser https, no { $scheme }
webhook-url-no-host = no tiene host
webhook-url-credentials = no debe llevar credenciales: los receptores autentican las entregas por su firma
webhook-url-fragment = no debe tener un fragmento (#…)
webhook-host-no-address = { $host } no resuelve a ninguna dirección
webhook-host-private = { $host } resuelve a { $address }, una dirección privada, de loopback, de enlace local o reservada (se rechaza salvo que se fije SSC_WEBHOOK_ALLOW_PRIVATE)
webhook-host-unresolved = no se puede resolver { $host }: { $reason }
webhook-host-slow = resolver { $host } tardó más de { $seconds } s

## Conflictos y rechazos de una escritura completa.
more-you-may-not-read =
    { $count ->
        [one] { $count } más que usted no puede leer
       *[other] { $count } más que usted no puede leer
    }
arrangement-projects-would-not-match = los proyectos enmarcados en este acuerdo dejarían de coincidir con sus partes: { $projects }; modifíquelos primero
project-value-repeated =
    { $what ->
        [code] el código { $value } se asigna a más de un proyecto
       *[other] el identificador IATI { $value } se asigna a más de un proyecto
    }
project-value-used =
    { $what ->
        [code] el código { $value } ya lo usa { $holder }
       *[other] el identificador IATI { $value } ya lo usa { $holder }
    }
project-with-id = el proyecto { $id }
another-project = otro proyecto
client-revoked-no-secret = un cliente revocado no puede obtener un secreto nuevo; cree un cliente nuevo
id-taken =
    { $kind_gender ->
        [feminine] { $id } ya está en uso por otra { $kind }
       *[other] { $id } ya está en uso por otro { $kind }
    }
draft-of-its-authors = este borrador es de sus autores
version-awaits-review =
    { $kind_gender ->
        [feminine] la { $kind } tiene una versión pendiente de revisión ({ $status }): un coordinador debe aprobarla o devolverla primero
       *[other] el { $kind } tiene una versión pendiente de revisión ({ $status }): un coordinador debe aprobarla o devolverla primero
    }
four-eyes = esta versión la escribió { $author }: la aprueba otro revisor
current-version-not-approved =
    { $kind_gender ->
        [feminine] la { $kind } está en estado { $status } y su versión actual no está aprobada: un coordinador debe aprobarla o devolverla primero
       *[other] el { $kind } está en estado { $status } y su versión actual no está aprobada: un coordinador debe aprobarla o devolverla primero
    }
organisation-identifier-taken = el identificador IATI { $identifier } ya pertenece a la organización { $holder }
delivery-not-found = el webhook { $webhook } no tiene ninguna entrega { $id }
webhook-disabled = el webhook { $webhook } está desactivado: actívelo primero (POST /api/v1/webhooks/{ $webhook }/enable)
ping-not-redelivered = un ping de prueba no se vuelve a entregar: envíe otro ping
idempotency-taken-over = un reintento con esta Idempotency-Key tomó el relevo mientras esta solicitud se procesaba; vale su respuesta
webhooks-off = los webhooks están desactivados en este servicio: su operador fija SSC_WEBHOOK_KEY para activarlos
matching-limit = `limit` debe estar entre 1 y { $max }, no { $given }
csv-unreadable = no se puede leer el CSV: { $reason }

## Parámetros de consulta de las listas.
code-syntax =
    { $parameter ->
        [country] debe ser de dos letras mayúsculas (ISO 3166-1 alfa-2)
        [region] debe ser de dos a cuatro dígitos (un código de región IATI)
        [sector] debe ser un sector CAD de 5 dígitos o una categoría de 3 dígitos
        [organisation_type] debe ser de dos dígitos (un código IATI OrganisationType)
        [space] debe usar letras minúsculas y guiones bajos
       *[language] debe ser de dos letras minúsculas (ISO 639-1)
    }
sdg-goal-parameter = debe ser un objetivo de ODS, de 1 a 17
date-parameter = debe ser una fecha, AAAA-MM-DD
needs-parameter = necesita el parámetro { $other }
status-parameter = debe ser de { $first } a { $last }
cursor-other-sort = se emitió para otro orden
result-type-parameter = debe ser un ResultType de IATI: 1, 2, 3 o 9 (GET /api/v1/codelists/result_types)
search-too-long = debe tener como máximo { $max } caracteres
lang-parameter = debe ser un código de idioma ISO 639-1 (GET /api/v1/codelists/languages)
delivery-id-parameter = debe ser el id de una entrega: msg_ y 32 dígitos hexadecimales en minúscula
kind-unknown = tipo desconocido { $kind } ({ $known })

## El servicio, sus clientes, sus archivos IATI y sus importaciones.
iati-file-being-generated = el archivo IATI público se está generando; reintente en breve
import-code-taken = el código { $code } lo usa el proyecto de otra actividad ({ $activity })
import-code-taken-by-own = el código { $code } lo usa el proyecto de otra actividad (una propia de la organización informante)
import-version-awaits-review = la versión { $version } del proyecto está pendiente de revisión ({ $status }) y la importación no la sobrescribe: apruébela o devuélvala y vuelva a importar
dry-run = simulación
replay-created-client = esta solicitud ya la realizó la primera con esta Idempotency-Key: creó el cliente { $client }. Su secreto se mostró una sola vez y no se guarda; obtenga uno nuevo con POST { $location }/rotate
replay-rotated-client = esta solicitud ya la realizó la primera con esta Idempotency-Key: renovó el secreto del cliente { $client }. El secreto nuevo se mostró una sola vez y no se guarda; renuévelo otra vez para obtener otro
replay-created-webhook = esta solicitud ya la realizó la primera con esta Idempotency-Key: creó el webhook { $webhook }. Su secreto se mostró una sola vez y no se guarda en claro; obtenga uno nuevo con POST { $location }/rotate
replay-rotated-webhook = esta solicitud ya la realizó la primera con esta Idempotency-Key: renovó el secreto del webhook { $webhook }. El secreto nuevo se mostró una sola vez; renuévelo otra vez para obtener otro
client-not-authenticated = no se pudo autenticar al cliente
form-malformed = formulario mal formado: { $reason }
token-content-type = envíe { $form } o application/json
grant-unsupported = solo se admite el grant client_credentials
client-credentials-twice = autentíquese con HTTP Basic o en el cuerpo, no de ambas formas
client-credentials-missing = client_id y client_secret son obligatorios
catalogue-not-public = el catálogo no es público aquí (SSC_CATALOGUE_PUBLIC está desactivado)
iati-file-content-type = un archivo IATI se envía con Content-Type: application/xml
imports-busy = hay { $count } importaciones en curso; reintente cuando termine alguna
iati-not-published = los archivos IATI públicos no se publican aquí (SSC_IATI_PUBLISH está desactivado)
not-ready =
    { $what ->
        [writer] no está listo: falló { $dependency } (el hilo de escritura de SQLite se detuvo)
       *[database] no está listo: falló { $dependency } (la base de datos no responde)
    }
metrics-off = las métricas están desactivadas aquí (SSC_METRICS_TOKEN no está definido)
metrics-needs-token = /metrics necesita `Authorization: Bearer <SSC_METRICS_TOKEN>`
priority-for-directorate = la prioridad de una solicitud la fija la dirección (coordinadores y administradores), no un socio
report-year-required = es obligatorio: el año del informe

## La tramitación de una solicitud de cooperación.
request-directorate-only =
    { $action ->
        [assess] solo los coordinadores y los administradores ponen en evaluación una solicitud de cooperación
        [accept] solo los coordinadores y los administradores aceptan una solicitud de cooperación
        [decline] solo los coordinadores y los administradores rechazan una solicitud de cooperación
        [close] solo los coordinadores y los administradores cierran una solicitud de cooperación
        [formulate] solo los coordinadores y los administradores formulan una solicitud de cooperación
        [consult] solo los coordinadores y los administradores consultan a instituciones sobre una solicitud de cooperación
        [read-assessment] solo los coordinadores y los administradores leen la evaluación de una solicitud de cooperación
       *[write-notes] solo los coordinadores y los administradores escriben notas sobre una solicitud de cooperación
    }
request-cannot-move =
    { $action ->
        [assess] la solicitud de cooperación está en estado { $status }: solo una en estado { $from } puede ponerse en evaluación
        [accept] la solicitud de cooperación está en estado { $status }: solo una en estado { $from } puede aceptarse
        [decline] la solicitud de cooperación está en estado { $status }: solo una en estado { $from } puede rechazarse
        [close] la solicitud de cooperación está en estado { $status }: solo una en estado { $from } puede cerrarse
        [formulate] la solicitud de cooperación está en estado { $status }: solo una en estado { $from } puede formularse
       *[consult] la solicitud de cooperación está en estado { $status }: solo en una en estado { $from } pueden registrarse consultas
    }
request-cannot-move-formulated =
    { $action ->
        [assess] la solicitud de cooperación está formulada (como el proyecto { $project }): solo una en estado { $from } puede ponerse en evaluación
        [accept] la solicitud de cooperación está formulada (como el proyecto { $project }): solo una en estado { $from } puede aceptarse
        [decline] la solicitud de cooperación está formulada (como el proyecto { $project }): solo una en estado { $from } puede rechazarse
        [close] la solicitud de cooperación está formulada (como el proyecto { $project }): solo una en estado { $from } puede cerrarse
        [formulate] la solicitud de cooperación está formulada (como el proyecto { $project }): solo una en estado { $from } puede formularse
       *[consult] la solicitud de cooperación está formulada (como el proyecto { $project }): solo en una en estado { $from } pueden registrarse consultas
    }

## Lo que un borrador incompleto todavía no tiene.
incomplete-draft-lacks =
    { $lacking ->
        [iati-activity] { $kind } { $id }: es un borrador incompleto y no tiene actividad IATI hasta que esté completo
        [matches] { $kind } { $id }: es un borrador incompleto y no tiene coincidencias hasta que esté completo
        [execution] { $kind } { $id }: es un borrador incompleto y no tiene cifras de ejecución hasta que esté completo
        [activities] { $kind } { $id }: es un borrador incompleto y no tiene actividades hasta que esté completo
        [results] { $kind } { $id }: es un borrador incompleto y no tiene resultados hasta que esté completo
       *[transactions] { $kind } { $id }: es un borrador incompleto y no tiene transacciones hasta que esté completo
    }

## Lo que todavía hace referencia a un registro que se quiere borrar.
record-still-referenced =
    { $kind_gender ->
        [feminine] la { $kind } todavía está referida por { $referrers }; quite primero esas referencias
       *[other] el { $kind } todavía está referido por { $referrers }; quite primero esas referencias
    }
referring-record = { $kind } { $name }
referring-organisations =
    { $count ->
        [one] { $count } { $kind }
       *[other] { $count } { $kind_plural }
    }{ $how ->
        [parent] { " " }como organización madre
        [participant] { " " }como participante o contribuyente
        [party] { " " }como parte
        [offering-or-receiving] { " " }como organización oferente o receptora
        [offering] { " " }como organización oferente
        [requesting] { " " }como organización solicitante
       *[client] , incluidos los revocados
    }

## An IATI file that cannot be read at all (the reader's reason, from the XML parser, stays as it is)
iati-file-malformed = XML mal formado en el byte { $position }: { $reason }
iati-file-doctype = se rechazan los documentos con DOCTYPE: los archivos IATI no lo necesitan, y es donde viven las entidades externas y la expansión de entidades
iati-file-too-many-attributes = un elemento tiene más de { $max } atributos (en el byte { $position }): no se lee
iati-file-tag-too-large = una etiqueta de más de 1 MiB (en el byte { $position }): no se lee
iati-file-not-iati = no es un archivo de actividades IATI: el elemento raíz es <{ $root }>, no <iati-activities>
iati-file-unsupported-version = la versión { $version } de IATI no se lee: solo se leen de la 2.01 a la 2.03 (convierta antes los archivos 1.x con las herramientas de IATI)
