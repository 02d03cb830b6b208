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
