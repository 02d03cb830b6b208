# Por qué una capacidad responde a una demanda (domain/matching/reasons.rs).
matching-sector = Trabaja en el sector solicitado: { $sectors }.
matching-sector-category = Trabaja en un sector vecino de la misma categoría: { $categories }.
matching-sdg-target = Contribuye a las mismas metas de los ODS: { $targets }.
matching-sdg-goal = Contribuye a los mismos Objetivos de Desarrollo Sostenible: { $goals }.
matching-format = Ofrece la modalidad preferida: { $formats }.
matching-language = Sus expertos trabajan en el idioma preferido: { $languages }.
matching-country-experience = Ya ejecutó un proyecto en { $country }.
matching-region-experience = Ejecutó proyectos en la misma región ({ $region }): { $countries }.
matching-availability =
    { $experts ->
        [one] Hay { $experts } experto disponible.
       *[other] Hay { $experts } expertos disponibles.
    }
matching-text = Sus textos tratan lo que pide la solicitud: { $words }.
matching-format-expert-mission = misión de expertos
matching-format-training-course = curso de capacitación
matching-format-internship = pasantía
matching-format-study-visit = visita de estudio
matching-format-remote-advice = asesoría a distancia
matching-format-tools-and-publications = herramientas y publicaciones
