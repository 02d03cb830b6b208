# Gramática común a muchos mensajes: listas, cantidades y los sustantivos que cuentan.
#
# "y" pasa a "e" ante un sonido /i/ ("agricultura e industria") y "o" pasa a "u" ante un
# sonido /o/ ("siete u ocho"); $sound dice cómo empieza el último elemento.
list-middle = { $first }, { $rest }
list-and =
    { $sound ->
        [i] { $first } e { $last }
       *[other] { $first } y { $last }
    }
list-or =
    { $sound ->
        [o] { $first } u { $last }
       *[other] { $first } o { $last }
    }

counted =
    { $count ->
        [one] { $count } { $noun }
       *[other] { $count } { $noun_plural }
    }

noun-problem = problema
    .plural = problemas
    .gender = masculine
noun-rule = regla
    .plural = reglas
    .gender = feminine
noun-byte = byte
    .plural = bytes
    .gender = masculine
noun-second = segundo
    .plural = segundos
    .gender = masculine
noun-organisation = organización
    .plural = organizaciones
    .gender = feminine
noun-project = proyecto
    .plural = proyectos
    .gender = masculine
noun-partnership = asociación
    .plural = asociaciones
    .gender = feminine
noun-triangular-arrangement = acuerdo triangular
    .plural = acuerdos triangulares
    .gender = masculine
noun-policy-exchange = intercambio de políticas
    .plural = intercambios de políticas
    .gender = masculine
noun-capacity = capacidad
    .plural = capacidades
    .gender = feminine
noun-project-results = resultados del proyecto
    .plural = resultados de los proyectos
    .gender = masculine
noun-project-activities = actividades del proyecto
    .plural = actividades de los proyectos
    .gender = feminine
noun-api-client = cliente de la API
    .plural = clientes de la API
    .gender = masculine
noun-webhook = webhook
    .plural = webhooks
    .gender = masculine
noun-cooperation-request = solicitud de cooperación
    .plural = solicitudes de cooperación
    .gender = feminine
