# Pourquoi une capacité répond à une demande (domain/matching/reasons.rs).
matching-sector = Intervient dans le secteur demandé : { $sectors }.
matching-sector-category = Intervient dans un secteur voisin de la même catégorie : { $categories }.
matching-sdg-target = Contribue aux mêmes cibles des ODD : { $targets }.
matching-sdg-goal = Contribue aux mêmes objectifs de développement durable : { $goals }.
matching-format = Propose la modalité souhaitée : { $formats }.
matching-language = Ses experts travaillent dans la langue souhaitée : { $languages }.
matching-country-experience = A déjà mené un projet dans ce pays : { $country }.
matching-region-experience = A mené des projets dans la même région ({ $region }) : { $countries }.
matching-availability =
    { $experts ->
        [one] { $experts } expert est disponible.
       *[other] { $experts } experts sont disponibles.
    }
matching-text = Ses textes traitent de ce que demande la requête : { $words }.
matching-format-expert-mission = mission d’experts
matching-format-training-course = formation
matching-format-internship = stage
matching-format-study-visit = visite d’étude
matching-format-remote-advice = conseil à distance
matching-format-tools-and-publications = outils et publications
