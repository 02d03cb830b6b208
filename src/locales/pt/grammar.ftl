# Gramática comum a muitas mensagens: listas, contagens e os substantivos que contam.
list-middle = { $first }, { $rest }
list-and = { $first } e { $last }
list-or = { $first } ou { $last }

# O CLDR põe 0 na categoria "one" do português; no Brasil se escreve "0 projetos".
counted =
    { $count ->
        [0] { $count } { $noun_plural }
        [one] { $count } { $noun }
       *[other] { $count } { $noun_plural }
    }

noun-problem = problema
    .plural = problemas
    .gender = masculine
noun-rule = regra
    .plural = regras
    .gender = feminine
noun-byte = byte
    .plural = bytes
    .gender = masculine
noun-second = segundo
    .plural = segundos
    .gender = masculine
noun-organisation = organização
    .plural = organizações
    .gender = feminine
noun-project = projeto
    .plural = projetos
    .gender = masculine
noun-partnership = parceria
    .plural = parcerias
    .gender = feminine
noun-triangular-arrangement = arranjo triangular
    .plural = arranjos triangulares
    .gender = masculine
noun-policy-exchange = intercâmbio de políticas
    .plural = intercâmbios de políticas
    .gender = masculine
noun-capacity = capacidade
    .plural = capacidades
    .gender = feminine
noun-project-results = resultados do projeto
    .plural = resultados dos projetos
    .gender = masculine
noun-project-activities = atividades do projeto
    .plural = atividades dos projetos
    .gender = feminine
noun-api-client = cliente da API
    .plural = clientes da API
    .gender = masculine
noun-webhook = webhook
    .plural = webhooks
    .gender = masculine
noun-cooperation-request = pedido de cooperação
    .plural = pedidos de cooperação
    .gender = masculine
