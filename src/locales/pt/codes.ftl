code-unknown =
    { $what_gender ->
        [feminine] { $what } desconhecida { $code }
       *[other] { $what } desconhecido { $code }
    }
code-unknown-upper =
    { $what_gender ->
        [feminine] { $what } desconhecida { $code }: os códigos são em maiúsculas; você quis dizer { $upper }?
       *[other] { $what } desconhecido { $code }: os códigos são em maiúsculas; você quis dizer { $upper }?
    }
code-withdrawn =
    { $what_gender ->
        [feminine] { $what } { $code }: foi retirada e não pode ser usada em dados novos
       *[other] { $what } { $code }: foi retirado e não pode ser usado em dados novos
    }

code-country = código de país
    .gender = masculine
code-region = código de região
    .gender = masculine
code-currency = moeda
    .gender = feminine
code-document-category = categoria de documento
    .gender = feminine
code-file-format = formato de arquivo
    .gender = masculine
code-language = idioma
    .gender = masculine
code-organisation-type = tipo de organização
    .gender = masculine
code-dac-sector = setor CAD
    .gender = masculine
code-dac-sector-category = categoria de setor CAD
    .gender = feminine
code-activity-status = status de atividade
    .gender = masculine
code-sdg-goal = objetivo de ODS
    .gender = masculine
code-sdg-target = meta de ODS
    .gender = feminine
code-result-type = tipo de resultado
    .gender = masculine
code-indicator-measure = medida de indicador
    .gender = feminine
code-integration-space = espaço de integração
    .gender = masculine
