code-unknown =
    { $what_gender ->
        [feminine] { $what } desconocida { $code }
       *[other] { $what } desconocido { $code }
    }
code-unknown-upper =
    { $what_gender ->
        [feminine] { $what } desconocida { $code }: los códigos van en mayúsculas, ¿quiso decir { $upper }?
       *[other] { $what } desconocido { $code }: los códigos van en mayúsculas, ¿quiso decir { $upper }?
    }
code-withdrawn = { $what } { $code }: ya no está vigente y no puede usarse en datos nuevos

code-country = código de país
    .gender = masculine
code-region = código de región
    .gender = masculine
code-currency = moneda
    .gender = feminine
code-document-category = categoría de documento
    .gender = feminine
code-file-format = formato de archivo
    .gender = masculine
code-language = idioma
    .gender = masculine
code-organisation-type = tipo de organización
    .gender = masculine
code-dac-sector = sector CAD
    .gender = masculine
code-dac-sector-category = categoría de sector CAD
    .gender = feminine
code-activity-status = estado de actividad
    .gender = masculine
code-sdg-goal = objetivo de ODS
    .gender = masculine
code-sdg-target = meta de ODS
    .gender = feminine
code-result-type = tipo de resultado
    .gender = masculine
code-indicator-measure = medida de indicador
    .gender = feminine
code-integration-space = espacio de integración
    .gender = masculine
