# Regras próprias de cada tipo de registro (a `errors[].message` de um 422, depois do
# ponteiro do membro). Nomes de membros, códigos, ids e valores ficam como o cliente os
# escreve.

## Decimais exatos.
decimal-malformed = deve ser um número decimal escrito com algarismos e um '.' opcional (p. ex. "1250.50"); recebido { $value }
decimal-no-minor-unit = { $value } tem casas decimais, mas esta moeda não tem unidade fracionária
decimal-too-many-places =
    { $places ->
        [one] { $value } tem mais de { $places } casa decimal
       *[other] { $value } tem mais de { $places } casas decimais
    }
decimal-too-many-digits = { $value } é grande demais (no máximo { $digits } algarismos antes do ponto)
decimal-too-large = { $value } é grande demais
amount-invalid = valor: { $problem }
percentage-invalid = percentagem: { $problem }
percentage-range = a percentagem deve ser maior que 0 e no máximo 100; recebido { $value }

## Dinheiro e contribuições.
contribution-not-participant = a organização { $organisation } não participa do projeto
contribution-not-party = a organização { $organisation } não é parte do acordo
contribution-currency-twice = a organização { $organisation } tem duas entradas na mesma moeda
contribution-amount-without-currency = um valor precisa da sua moeda
contribution-currency-without-amount = uma moeda precisa de um valor
contribution-empty = precisa de um valor (amount) ou de dias de especialista (expert_days)

## Comuns a vários tipos.
code-listed-twice = { $code } aparece duas vezes
record-code-format = deve começar com uma letra ou um algarismo e usar apenas letras, algarismos, '-', '_', '.', '/'
iati-identifier-format = deve ser um identificador de atividade IATI, como { $example }
date-not-before = não deve ser anterior a { $start }
date-in-future = não deve estar no futuro (hoje é { $today })
actual-end-needs-start = requer um actual_start
goal-listed-twice = o objetivo { $goal } aparece duas vezes
target-listed-twice = a meta { $target } aparece duas vezes
target-outside-goals = a meta { $target } pertence ao objetivo { $goal }, que não está em sdg_goals

## Projetos.
capacity-listed-twice = a capacidade { $id } aparece duas vezes
project-needs-recipient = um projeto precisa de pelo menos um país ou uma região beneficiários
recipient-percentages-sum = as percentagens dos países e das regiões beneficiários devem somar 100; somam { $total }
project-needs-sector = um projeto precisa de pelo menos um setor CAD
sector-percentages-sum = as percentagens dos setores devem somar 100; somam { $total }
project-needs-participant = um projeto precisa de pelo menos um participante
participant-listed-twice = a organização { $organisation } aparece duas vezes como { $role }
triangular-project-needs-role =
    { $role ->
        [first_provider] um projeto triangular precisa de pelo menos um primeiro ofertante
        [second_provider] um projeto triangular precisa de pelo menos um segundo ofertante
       *[recipient] um projeto triangular precisa de pelo menos um beneficiário
    }
triangular-roles-exclusive = a organização { $organisation } ocupa mais de um dos papéis de primeiro ofertante, segundo ofertante e beneficiário
bilateral-project-needs-provider = um projeto bilateral precisa de um ofertante (ou de um participante com o papel both)
bilateral-project-needs-recipient = um projeto bilateral precisa de um beneficiário (ou de um participante com o papel both)

## Atividades de um projeto.
date-on-or-after = deve ser igual ou posterior a { $start }
activity-outside-project-dates = deve estar dentro das datas do projeto ({ $earliest } a { $latest })
activity-done-needs-date = é obrigatório depois de a atividade ser realizada
activity-actual-dates-when-done = só uma atividade realizada tem datas efetivas
activity-cancelled-needs-reason = é obrigatório quando a atividade é cancelada
activity-reason-when-cancelled = só uma atividade cancelada tem um motivo de cancelamento
participants-women-above-total = não deve ser maior que participants_total ({ $total })
participants-total-needed = é obrigatório quando participants_women é informado
text-length = deve ter de { $min } a { $max } caracteres
cost-payer-outside-project = a organização { $organisation } não faz parte do projeto: um custo é pago por um dos seus participantes ou contribuintes
cost-executed-when-done = só uma atividade realizada tem custos executados

## Texto por idioma e links de documentos.
text-language-unknown = idioma desconhecido { $language }: use um código ISO 639-1 (GET /api/v1/codelists/languages)
text-empty = não pode estar vazio: omita esse idioma
text-too-long = no máximo { $max } caracteres
text-nul = não pode conter o caractere NUL (U+0000)
text-too-many-languages = no máximo { $max } idiomas
text-default-language-required = obrigatório: o texto no idioma padrão do registro ({ $language })
listed-twice = aparece duas vezes
link-format-unknown = { $problem }: use um tipo de mídia IANA (GET /api/v1/codelists/file_formats)
link-category-of-organisations = { $category } é para documentos de organizações: os documentos de uma atividade usam A01–A12
url-invisible-character = não pode conter caracteres de controle nem de formatação invisíveis ({ $character })
url-backslash = não pode conter barras invertidas
url-not-absolute = deve ser uma URL absoluta com um host (https://host/...)
url-malformed = não é uma URL ({ $reason })
url-scheme = só se guardam links https e http, não { $scheme }
url-credentials = não pode levar credenciais (usuário ou senha)
url-no-host = precisa de um host

## Resultados e indicadores.
baseline-date-year = deve estar no ano da linha de base ({ $year })
period-outside-project-dates = o período deve estar dentro das datas do projeto ({ $earliest } a { $latest })
target-below-ascending-baseline = abaixo da linha de base, mas o indicador é ascendente (mais é melhor): corrija a meta ou defina ascending como false
target-above-descending-baseline = acima da linha de base, mas o indicador é descendente (menos é melhor): corrija a meta ou defina ascending como true
periods-overlap = sobrepõe-se ao período { $period } ({ $start } a { $end }): os períodos de um indicador não se sobrepõem
qualitative-without-value = um indicador qualitativo não tem valor: coloque o texto em comment
qualitative-needs-comment = obrigatório: um indicador qualitativo leva texto
quantitative-needs-value = obrigatório: os indicadores das medidas 1 a 4 levam um número
percentage-value-range = uma percentagem fica entre 0 e 100

## Transações.
transaction-in-future = não deve ser posterior a hoje ({ $today }): uma transação é algo que já aconteceu
value-above-zero = deve ser maior que zero
transaction-party-outside-project = a organização { $organisation } não faz parte do projeto: indique um dos seus participantes ou contribuintes, ou uma organização externa pelo nome
transaction-party-identifier-outside-only = só uma organização externa (indicada pelo nome) leva aqui um identificador: uma organização do serviço já tem o seu
transaction-party-id-or-name = indique organisation_id ou name, não ambos
transaction-party-none = não indica nenhuma organização: informe organisation_id (uma do projeto) ou name (uma externa)
identifier-length = deve ter de { $min } a { $max } caracteres, sem espaços

## Parcerias e acordos triangulares.
agreement-needs-signature = um acordo com status { $status } precisa da sua data de assinatura
partnership-needs-party = uma parceria precisa de pelo menos uma parte
partnership-needs-space =
    { $scope ->
        [regional] uma parceria regional indica o seu espaço de integração ou fórum
        [interregional] uma parceria inter-regional indica o seu espaço de integração ou fórum
       *[other] uma parceria de âmbito { $scope } indica o seu espaço de integração ou fórum
    }
space-unknown = espaço de integração desconhecido { $code }
space-of-other-scope =
    { $kind ->
        [regional] { $code } é um espaço regional, não { $scope }
       *[other] { $code } é um espaço inter-regional, não { $scope }
    }
partnership-without-space =
    { $scope ->
        [bilateral] uma parceria bilateral não tem espaço de integração
        [multilateral] uma parceria multilateral não tem espaço de integração
       *[other] uma parceria de âmbito { $scope } não tem espaço de integração
    }
organisation-in-two-roles = a organização { $organisation } já está em { $other }; nenhuma organização ocupa dois papéis

## Listas de organizações, setores, formatos e idiomas.
needs-organisation = precisa de pelo menos uma organização
needs-sector = precisa de pelo menos um setor CAD
needs-format = precisa de pelo menos um formato
needs-language = precisa de pelo menos um idioma
organisation-listed-twice = a organização { $organisation } aparece duas vezes
sector-not-five-digits = { $code } não é um setor CAD de 5 dígitos

## Intercâmbios de políticas.
exchange-with-itself = a organização { $organisation } também oferece; uma instituição não faz intercâmbio consigo mesma
women-among-participants =
    { $total ->
        [one] { $women } mulheres entre { $total } participante
       *[other] { $women } mulheres entre { $total } participantes
    }
participants-total-needed-short = necessário quando participants_women é informado
exchange-completed-needs-outcomes = um intercâmbio concluído registra os seus resultados
exchange-completed-in-future = um intercâmbio concluído não pode terminar no futuro (hoje é { $today })

## Pedidos de cooperação.
desired-start-order = { $to } é anterior a desired_start_from ({ $from })

## Organizações.
multilateral-without-country = um organismo multilateral não tem país
government-needs-country = um órgão de governo precisa de um país
organisation-identifier-format = deve ser o prefixo de uma agência de registro e um id unidos por '-' (letras, algarismos, '-', '.', '_', ':'), p. ex. { $example }

## Taxas de câmbio e tarifas por dia de especialista.
year-malformed = deve ser um ano, como 2025
year-malformed-got = deve ser um ano, como 2025; recebido { $got }
year-outside = { $year } está fora de { $first }–{ $last }
rate-of-usd = USD é a moeda em relação à qual as taxas são cotadas: a sua taxa é sempre 1
rate-above-zero = deve ser maior que 0
rates-csv-header = o cabeçalho deve nomear as colunas year, currency e units_per_usd; recebido { $got }
rates-csv-too-many = um envio define no máximo { $max } taxas
rate-given-twice = a taxa de { $currency } para { $year } aparece duas vezes
exchange-rate-missing = não há taxa de câmbio de { $currency } para { $year }: um administrador a define com PUT /api/v1/exchange-rates/{ $year }/{ $currency }
expert-day-rate-missing = não há tarifa por dia de especialista para { $year }: um administrador a define com PUT /api/v1/expert-day-rates/{ $year }
exchange-rate-not-found = não há taxa de câmbio de { $currency } para { $year }
expert-day-rate-not-found = não há tarifa por dia de especialista para { $year }

## Webhooks, correspondência, clientes da API, tramitação de pedidos.
event-types-too-many = no máximo { $max } tipos de evento
event-type-unknown = tipo de evento desconhecido { $name }: indique um `<resource>.<action>`, com resource um de { $resources } e action um de { $actions }
matching-needs-criterion = precisa de algo com que procurar correspondências: sectors, sdg_targets ou text
request-reason-other-needs-comment = obrigatório quando o motivo é other: explique por quê, para o solicitante
client-not-admin = um cliente da API não pode ser admin
approved-capacity-not-found = não há nenhuma capacidade aprovada com o id { $id }

## Regras que leem o banco de dados: referências, partes de um projeto, membros dos
## espaços.
activities-start-before-project = as atividades do projeto começam em { $date }: mova-as ou remova-as primeiro (PUT …/activities)
activities-end-after-project = as atividades do projeto vão até { $date }: mova-as ou remova-as primeiro (PUT …/activities)
results-start-before-project = os resultados do projeto informam um período a partir de { $date }: mova-o ou remova-o primeiro (PUT …/results)
results-end-after-project = os resultados do projeto informam um período até { $date }: mova-o ou remova-o primeiro (PUT …/results)
payers-stay-participants =
    { $count ->
        [one] a organização { $organisations } paga custos das atividades do projeto: continua participante ou contribuinte até que esses custos sejam transferidos (PUT …/activities)
       *[other] as organizações { $organisations } pagam custos das atividades do projeto: continuam participantes ou contribuintes até que esses custos sejam transferidos (PUT …/activities)
    }
transaction-parties-stay-participants =
    { $count ->
        [one] a organização { $organisations } fornece ou recebe transações do projeto: continua participante ou contribuinte até que elas sejam alteradas (PUT …/transactions)
       *[other] as organizações { $organisations } fornecem ou recebem transações do projeto: continuam participantes ou contribuintes até que elas sejam alteradas (PUT …/transactions)
    }
arrangement-project-triangular = um projeto no âmbito de um acordo triangular tem a modalidade triangular
not-arrangement-party-in-role =
    { $role ->
        [first_provider] a organização { $organisation } não é primeira ofertante do acordo triangular
        [second_provider] a organização { $organisation } não é segunda ofertante do acordo triangular
       *[recipient] a organização { $organisation } não é beneficiária do acordo triangular
    }
organisation-own-ancestor = uma organização não pode ser a sua própria organização-mãe nem sua ancestral
bilateral-party-without-country = uma parceria bilateral é entre organizações de dois países; esta não tem país
bilateral-two-countries =
    { $count ->
        [one] uma parceria bilateral une exatamente dois países; as suas partes pertencem a { $count } país
       *[other] uma parceria bilateral une exatamente dois países; as suas partes pertencem a { $count } países
    }
space-member-on = { $country } não era membro de { $space } em { $date }
multilateral-needs-multilateral = uma parceria multilateral inclui um organismo multilateral (tipo IATI 40)
client-revoked = o cliente da API { $client } está revogado
client-revoked-webhooks = o cliente da API { $client } está revogado: os seus webhooks não podem ser ativados
import-too-many-participants = um projeto tem no máximo { $max } participantes; a atividade nomeia { $count }
import-too-many-contributions = um projeto tem no máximo { $max } contribuições; a atividade tem { $count } compromissos

## O destino de um webhook.
webhook-url-malformed = não é uma URL absoluta: { $reason }
webhook-url-http = deve ser https (destinos http são recusados a menos que SSC_WEBHOOK_ALLOW_HTTP esteja definido)
webhook-url-scheme = deve ser https, não { $scheme }
webhook-url-no-host = não tem host
webhook-url-credentials = não pode levar credenciais: os receptores autenticam as entregas pela assinatura
webhook-url-fragment = não pode ter um fragmento (#…)
webhook-host-no-address = { $host } não resolve para nenhum endereço
webhook-host-private = { $host } resolve para { $address }, um endereço privado, de loopback, de link local ou reservado (recusado a menos que SSC_WEBHOOK_ALLOW_PRIVATE esteja definido)
webhook-host-unresolved = não é possível resolver { $host }: { $reason }
webhook-host-slow = resolver { $host } levou mais de { $seconds } s

## Conflitos e recusas de uma escrita inteira.
more-you-may-not-read =
    { $count ->
        [one] mais { $count } que você não pode ler
       *[other] mais { $count } que você não pode ler
    }
arrangement-projects-would-not-match = os projetos no âmbito deste acordo deixariam de corresponder às suas partes: { $projects }; altere-os primeiro
project-value-repeated =
    { $what ->
        [code] o código { $value } é atribuído a mais de um projeto
       *[other] o identificador IATI { $value } é atribuído a mais de um projeto
    }
project-value-used =
    { $what ->
        [code] o código { $value } já é usado por { $holder }
       *[other] o identificador IATI { $value } já é usado por { $holder }
    }
project-with-id = o projeto { $id }
another-project = outro projeto
client-revoked-no-secret = um cliente revogado não pode obter um novo segredo; crie um novo cliente
id-taken =
    { $kind_gender ->
        [feminine] { $id } já está em uso por outra { $kind }
       *[other] { $id } já está em uso por outro { $kind }
    }
draft-of-its-authors = este rascunho é dos seus autores
version-awaits-review =
    { $kind_gender ->
        [feminine] a { $kind } tem uma versão aguardando revisão ({ $status }): um coordenador deve aprová-la ou devolvê-la primeiro
       *[other] o { $kind } tem uma versão aguardando revisão ({ $status }): um coordenador deve aprová-la ou devolvê-la primeiro
    }
four-eyes = esta versão foi escrita por { $author }: outro revisor a aprova
current-version-not-approved =
    { $kind_gender ->
        [feminine] a { $kind } está no status { $status } e a sua versão atual não está aprovada: um coordenador deve aprová-la ou devolvê-la primeiro
       *[other] o { $kind } está no status { $status } e a sua versão atual não está aprovada: um coordenador deve aprová-la ou devolvê-la primeiro
    }
organisation-identifier-taken = o identificador IATI { $identifier } já pertence à organização { $holder }
delivery-not-found = o webhook { $webhook } não tem nenhuma entrega { $id }
webhook-disabled = o webhook { $webhook } está desativado: ative-o primeiro (POST /api/v1/webhooks/{ $webhook }/enable)
ping-not-redelivered = um ping de teste não é reentregue: envie outro ping
idempotency-taken-over = uma nova tentativa com esta Idempotency-Key assumiu enquanto esta requisição era processada; vale a resposta dela
webhooks-off = os webhooks estão desativados neste serviço: o seu operador define SSC_WEBHOOK_KEY para ativá-los
matching-limit = `limit` deve estar entre 1 e { $max }, não { $given }
csv-unreadable = não é possível ler o CSV: { $reason }

## Parâmetros de consulta das listas.
code-syntax =
    { $parameter ->
        [country] deve ter duas letras maiúsculas (ISO 3166-1 alfa-2)
        [region] deve ter de dois a quatro algarismos (um código de região IATI)
        [sector] deve ser um setor CAD de 5 algarismos ou uma categoria de 3 algarismos
        [organisation_type] deve ter dois algarismos (um código IATI OrganisationType)
        [space] deve usar letras minúsculas e sublinhados
       *[language] deve ter duas letras minúsculas (ISO 639-1)
    }
sdg-goal-parameter = deve ser um objetivo de ODS, de 1 a 17
date-parameter = deve ser uma data, AAAA-MM-DD
needs-parameter = precisa do parâmetro { $other }
status-parameter = deve ser de { $first } a { $last }
cursor-other-sort = foi emitido para outra ordenação
result-type-parameter = deve ser um ResultType da IATI: 1, 2, 3 ou 9 (GET /api/v1/codelists/result_types)
search-too-long = deve ter no máximo { $max } caracteres
lang-parameter = deve ser um código de idioma ISO 639-1 (GET /api/v1/codelists/languages)
delivery-id-parameter = deve ser o id de uma entrega: msg_ e 32 algarismos hexadecimais em minúsculas
kind-unknown = tipo desconhecido { $kind } ({ $known })

## O serviço, os seus clientes, os seus arquivos IATI e as suas importações.
iati-file-being-generated = o arquivo IATI público está sendo gerado; tente de novo em instantes
import-code-taken = o código { $code } é usado pelo projeto de outra atividade ({ $activity })
import-code-taken-by-own = o código { $code } é usado pelo projeto de outra atividade (uma da própria organização informante)
import-version-awaits-review = a versão { $version } do projeto aguarda revisão ({ $status }) e a importação não a sobrescreve: aprove-a ou devolva-a e importe de novo
dry-run = simulação
replay-created-client = esta requisição já foi feita pela primeira com esta Idempotency-Key: ela criou o cliente { $client }. O seu segredo foi mostrado uma única vez e não é guardado; obtenha um novo com POST { $location }/rotate
replay-rotated-client = esta requisição já foi feita pela primeira com esta Idempotency-Key: ela renovou o segredo do cliente { $client }. O novo segredo foi mostrado uma única vez e não é guardado; renove de novo para obter outro
replay-created-webhook = esta requisição já foi feita pela primeira com esta Idempotency-Key: ela criou o webhook { $webhook }. O seu segredo foi mostrado uma única vez e não é guardado em claro; obtenha um novo com POST { $location }/rotate
replay-rotated-webhook = esta requisição já foi feita pela primeira com esta Idempotency-Key: ela renovou o segredo do webhook { $webhook }. O novo segredo foi mostrado uma única vez; renove de novo para obter outro
client-not-authenticated = não foi possível autenticar o cliente
form-malformed = formulário malformado: { $reason }
token-content-type = envie { $form } ou application/json
grant-unsupported = só o grant client_credentials é suportado
client-credentials-twice = autentique-se com HTTP Basic ou no corpo, não das duas formas
client-credentials-missing = client_id e client_secret são obrigatórios
catalogue-not-public = o catálogo não é público aqui (SSC_CATALOGUE_PUBLIC está desativado)
iati-file-content-type = um arquivo IATI é enviado com Content-Type: application/xml
imports-busy = há { $count } importações em andamento; tente de novo quando uma terminar
iati-not-published = os arquivos IATI públicos não são publicados aqui (SSC_IATI_PUBLISH está desativado)
not-ready =
    { $what ->
        [writer] não está pronto: { $dependency } falhou (a thread de escrita do SQLite parou)
       *[database] não está pronto: { $dependency } falhou (o banco de dados não responde)
    }
metrics-off = as métricas estão desativadas aqui (SSC_METRICS_TOKEN não está definido)
metrics-needs-token = /metrics precisa de `Authorization: Bearer <SSC_METRICS_TOKEN>`
priority-for-directorate = a prioridade de um pedido é definida pela direção (coordenadores e administradores), não por um parceiro
report-year-required = é obrigatório: o ano do relatório

## A tramitação de um pedido de cooperação.
request-directorate-only =
    { $action ->
        [assess] só coordenadores e administradores colocam em avaliação um pedido de cooperação
        [accept] só coordenadores e administradores aceitam um pedido de cooperação
        [decline] só coordenadores e administradores recusam um pedido de cooperação
        [close] só coordenadores e administradores encerram um pedido de cooperação
        [formulate] só coordenadores e administradores formulam um pedido de cooperação
        [consult] só coordenadores e administradores consultam instituições sobre um pedido de cooperação
        [read-assessment] só coordenadores e administradores leem a avaliação de um pedido de cooperação
       *[write-notes] só coordenadores e administradores escrevem notas sobre um pedido de cooperação
    }
request-cannot-move =
    { $action ->
        [assess] o pedido de cooperação está no status { $status }: só um no status { $from } pode ser colocado em avaliação
        [accept] o pedido de cooperação está no status { $status }: só um no status { $from } pode ser aceito
        [decline] o pedido de cooperação está no status { $status }: só um no status { $from } pode ser recusado
        [close] o pedido de cooperação está no status { $status }: só um no status { $from } pode ser encerrado
        [formulate] o pedido de cooperação está no status { $status }: só um no status { $from } pode ser formulado
       *[consult] o pedido de cooperação está no status { $status }: só em um no status { $from } podem ser registradas consultas
    }
request-cannot-move-formulated =
    { $action ->
        [assess] o pedido de cooperação está formulado (como o projeto { $project }): só um no status { $from } pode ser colocado em avaliação
        [accept] o pedido de cooperação está formulado (como o projeto { $project }): só um no status { $from } pode ser aceito
        [decline] o pedido de cooperação está formulado (como o projeto { $project }): só um no status { $from } pode ser recusado
        [close] o pedido de cooperação está formulado (como o projeto { $project }): só um no status { $from } pode ser encerrado
        [formulate] o pedido de cooperação está formulado (como o projeto { $project }): só um no status { $from } pode ser formulado
       *[consult] o pedido de cooperação está formulado (como o projeto { $project }): só em um no status { $from } podem ser registradas consultas
    }

## O que um rascunho incompleto ainda não tem.
incomplete-draft-lacks =
    { $lacking ->
        [iati-activity] { $kind } { $id }: é um rascunho incompleto e não tem atividade IATI até estar completo
        [matches] { $kind } { $id }: é um rascunho incompleto e não tem correspondências até estar completo
        [execution] { $kind } { $id }: é um rascunho incompleto e não tem números de execução até estar completo
        [activities] { $kind } { $id }: é um rascunho incompleto e não tem atividades até estar completo
        [results] { $kind } { $id }: é um rascunho incompleto e não tem resultados até estar completo
       *[transactions] { $kind } { $id }: é um rascunho incompleto e não tem transações até estar completo
    }

## O que ainda faz referência a um registro que se quer apagar.
record-still-referenced =
    { $kind_gender ->
        [feminine] a { $kind } ainda é referida por { $referrers }; remova primeiro essas referências
       *[other] o { $kind } ainda é referido por { $referrers }; remova primeiro essas referências
    }
referring-record = { $kind } { $name }
referring-organisations =
    { $count ->
        [one] { $count } { $kind }
       *[other] { $count } { $kind_plural }
    }{ $how ->
        [parent] { " " }como organização-mãe
        [participant] { " " }como participante ou contribuinte
        [party] { " " }como parte
        [offering-or-receiving] { " " }como organização ofertante ou beneficiária
        [offering] { " " }como organização ofertante
        [requesting] { " " }como organização solicitante
       *[client] , incluídos os revogados
    }

## An IATI file that cannot be read at all (the reader's reason, from the XML parser, stays as it is)
iati-file-malformed = XML malformado no byte { $position }: { $reason }
iati-file-doctype = documentos com DOCTYPE são recusados: os arquivos IATI não precisam dele, e é onde vivem as entidades externas e a expansão de entidades
iati-file-too-many-attributes = um elemento tem mais de { $max } atributos (no byte { $position }): não é lido
iati-file-tag-too-large = uma etiqueta de mais de 1 MiB (no byte { $position }): não é lida
iati-file-not-iati = não é um arquivo de atividades IATI: o elemento raiz é <{ $root }>, não <iati-activities>
iati-file-unsupported-version = a versão { $version } da IATI não é lida: só as versões 2.01 a 2.03 são (converta antes os arquivos 1.x com as ferramentas da IATI)
