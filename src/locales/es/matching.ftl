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
# Por qué una solicitud podría ser atendida por una capacidad
# (domain/matching/request_reasons.rs): los mismos criterios, desde la solicitud.
matching-request-sector = Pide un sector en el que trabaja la capacidad: { $sectors }.
matching-request-sector-category = Pide un sector vecino de la misma categoría: { $categories }.
matching-request-sdg-target = Persigue las metas de los ODS de la capacidad: { $targets }.
matching-request-sdg-goal = Persigue los Objetivos de Desarrollo Sostenible de la capacidad: { $goals }.
matching-request-format = Prefiere una modalidad que la capacidad ofrece: { $formats }.
matching-request-language = Prefiere un idioma en el que trabajan los expertos de la capacidad: { $languages }.
matching-request-country-experience = Viene de un país donde la capacidad ya ejecutó un proyecto: { $country }.
matching-request-region-experience = Viene de una región ({ $region }) donde la capacidad ejecutó proyectos: { $countries }.
matching-request-availability =
    { $experts ->
        [one] La capacidad tiene { $experts } experto disponible.
       *[other] La capacidad tiene { $experts } expertos disponibles.
    }
matching-request-text = Sus textos tratan lo que ofrece la capacidad: { $words }.
