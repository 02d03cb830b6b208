auth-missing = esta operação precisa de um cabeçalho `Authorization: Bearer <token>`
auth-header-not-text = o cabeçalho Authorization não é um texto válido
auth-scheme-not-bearer = o esquema de Authorization deve ser Bearer
token-with-bearer-prefix = o token começa com um segundo "Bearer ": envie `Authorization: Bearer <token>` só com o token (tire o prefixo do que foi colado)
token-malformed = o token está malformado
token-client-revoked = o cliente da API foi revogado
token-no-role = falta ao token a claim role
token-partner-without-org = um token de parceiro deve trazer a claim org
token-no-kid = o token não indica nenhuma chave (kid)
token-kid-untrusted = a chave do token (kid) não é confiável
token-role-beyond-issuer = o token reivindica um papel que seu emissor não pode conceder
token-org-not-issuers = o org do token não é a organização do seu emissor
token-untrusted-issuer = o token foi emitido por um emissor não confiável
token-subject-length = a claim sub deve ter de 1 a 256 caracteres
token-issued-in-future = o token foi emitido no futuro (iat)
token-missing-claim = falta ao token uma claim obrigatória (exp, iss, aud, sub)
token-expired = o token expirou
token-bad-signature = a assinatura do token é inválida
token-wrong-algorithm = o token não está assinado com o algoritmo esperado
token-wrong-audience = o token é destinado a outro público (audience)
token-not-yet-valid = o token ainda não é válido
token-claims-malformed = as claims do token estão malformadas (role deve ser { $roles }; org, um UUID)
needs-role = esta operação precisa do papel { $role }; o token tem { $has }
needs-one-of-roles = esta operação precisa de um dos papéis { $roles }; o token tem { $has }

partner-creates-only-its-own = um parceiro só cria { $kind_plural } de que sua organização ({ $org }) participa
partner-changes-only-its-own = um parceiro só altera { $kind_plural } de que sua organização ({ $org }) participa
partner-keeps-its-participation = um parceiro não pode retirar a participação da própria organização
partner-removes-no-other =
    { $kind_gender ->
        [feminine] um parceiro não pode retirar outra organização ({ $removed }) de uma { $kind }; um coordenador pode
       *[masculine] um parceiro não pode retirar outra organização ({ $removed }) de um { $kind }; um coordenador pode
    }
partner-sets-no-visibility =
    { $kind_gender ->
        [feminine] um parceiro não pode mudar a visibilidade de uma { $kind } para { $visibility }: quem pode lê-la é decisão dos coordenadores
       *[masculine] um parceiro não pode mudar a visibilidade de um { $kind } para { $visibility }: quem pode lê-lo é decisão dos coordenadores
    }
