problem-bad-request = Requisição inválida
problem-unauthorized = Autenticação necessária
problem-forbidden = Acesso negado
problem-not-found = Não encontrado
problem-method-not-allowed = Método não permitido
problem-not-acceptable = Não aceitável
problem-conflict = Conflito
problem-precondition-failed = Falha na pré-condição
problem-request-timeout = Tempo de requisição esgotado
problem-payload-too-large = Corpo grande demais
problem-unsupported-media-type = Tipo de mídia não suportado
problem-validation-failed = Falha na validação
problem-precondition-required = Pré-condição necessária
problem-too-many-requests = Requisições demais
problem-internal = Erro interno do servidor
problem-service-unavailable = Serviço indisponível

internal-error = o servidor não conseguiu concluir a requisição; o erro foi registrado
database-unavailable = o banco de dados está indisponível; tente novamente em instantes
database-timeout = o banco de dados não respondeu a tempo; tente novamente em instantes
record-not-found = não há nenhum registro com este id
record-unique-violation = já existe um registro com o mesmo valor único
record-referenced = o registro é referido por outro registro, ou se refere a outro
not-found-with-id =
    { $kind_gender ->
        [feminine] não há nenhuma { $kind } com o id { $id }
       *[masculine] não há nenhum { $kind } com o id { $id }
    }
no-route = não há nenhuma rota para { $path }
method-not-allowed = { $method } não é permitido aqui; são permitidos: { $allowed }

violations-one = 1 regra violada: { $message }
violations-one-at = 1 regra violada: { $pointer }: { $message }
violations-many = { $count } regras violadas
at-pointer = { $pointer }: { $message }
parameter-problem = parâmetro `{ $name }`: { $message }

stale-version = o registro mudou desde que você o leu: a versão atual é a { $version }; leia-o de novo e reaplique sua alteração
changed-concurrently = outra requisição alterou o registro no mesmo momento; leia-o de novo e reaplique sua alteração
if-match-required = esta escrita precisa de um cabeçalho If-Match com o ETag da versão que você leu
if-match-any = If-Match: * não é aceito; envie o ETag da versão que você leu
if-match-malformed = deve ser uma etiqueta de entidade como "3"
header-not-text = não é um texto válido

too-many-from-caller = requisições demais deste cliente; tente novamente em { $seconds } s
too-many-from-address = requisições demais deste endereço; tente novamente em { $seconds } s
too-many-for-client = tentativas demais para este cliente da API; tente novamente em { $seconds } s
token-requests-busy = há requisições de token demais sendo verificadas neste momento; tente novamente em instantes

draft-incomplete =
    { $kind_gender ->
        [feminine] a { $kind } é um rascunho incompleto: sua completeness lista { $problems } a resolver antes
       *[masculine] o { $kind } é um rascunho incompleto: sua completeness lista { $problems } a resolver antes
    }

idempotency-in-progress = uma requisição com esta Idempotency-Key ainda está sendo processada; tente novamente em instantes
idempotency-key-reused = esta Idempotency-Key já foi usada para outra requisição; use uma chave nova para uma requisição nova
idempotency-key-malformed = deve ter de 1 a 255 caracteres ASCII visíveis
codelist-not-found = não há nenhuma lista de códigos chamada { $name }; GET /api/v1/codelists lista todas
