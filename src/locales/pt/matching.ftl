# Por que uma capacidade responde a uma demanda (domain/matching/reasons.rs).
matching-sector = Atua no setor solicitado: { $sectors }.
matching-sector-category = Atua em um setor vizinho da mesma categoria: { $categories }.
matching-sdg-target = Contribui para as mesmas metas dos ODS: { $targets }.
matching-sdg-goal = Contribui para os mesmos Objetivos de Desenvolvimento Sustentável: { $goals }.
matching-format = Oferece a modalidade preferida: { $formats }.
matching-language = Seus especialistas trabalham no idioma preferido: { $languages }.
matching-country-experience = Já executou um projeto em { $country }.
matching-region-experience = Executou projetos na mesma região ({ $region }): { $countries }.
matching-availability =
    { $experts ->
        [one] Há { $experts } especialista disponível.
       *[other] Há { $experts } especialistas disponíveis.
    }
matching-text = Seus textos tratam do que a solicitação pede: { $words }.
matching-format-expert-mission = missão de especialistas
matching-format-training-course = curso de capacitação
matching-format-internship = estágio
matching-format-study-visit = visita de estudo
matching-format-remote-advice = assessoria a distância
matching-format-tools-and-publications = ferramentas e publicações
# Por que uma solicitação poderia ser atendida por uma capacidade
# (domain/matching/request_reasons.rs): os mesmos critérios, a partir da solicitação.
matching-request-sector = Pede um setor em que a capacidade atua: { $sectors }.
matching-request-sector-category = Pede um setor vizinho da mesma categoria: { $categories }.
matching-request-sdg-target = Busca as metas dos ODS da capacidade: { $targets }.
matching-request-sdg-goal = Busca os Objetivos de Desenvolvimento Sustentável da capacidade: { $goals }.
matching-request-format = Prefere uma modalidade que a capacidade oferece: { $formats }.
matching-request-language = Prefere um idioma em que os especialistas da capacidade trabalham: { $languages }.
matching-request-country-experience = Vem de um país onde a capacidade já executou um projeto: { $country }.
matching-request-region-experience = Vem de uma região ({ $region }) onde a capacidade executou projetos: { $countries }.
matching-request-availability =
    { $experts ->
        [one] A capacidade tem { $experts } especialista disponível.
       *[other] A capacidade tem { $experts } especialistas disponíveis.
    }
matching-request-text = Seus textos tratam do que a capacidade oferece: { $words }.
