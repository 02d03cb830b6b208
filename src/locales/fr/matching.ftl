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
# Pourquoi une demande pourrait être servie par une capacité
# (domain/matching/request_reasons.rs) : les mêmes critères, du côté de la demande.
matching-request-sector = Porte sur un secteur où intervient la capacité : { $sectors }.
matching-request-sector-category = Porte sur un secteur voisin de la même catégorie : { $categories }.
matching-request-sdg-target = Vise les cibles des ODD de la capacité : { $targets }.
matching-request-sdg-goal = Vise les objectifs de développement durable de la capacité : { $goals }.
matching-request-format = Préfère une modalité que propose la capacité : { $formats }.
matching-request-language = Préfère une langue de travail des experts de la capacité : { $languages }.
matching-request-country-experience = Vient d’un pays où la capacité a déjà mené un projet : { $country }.
matching-request-region-experience = Vient d’une région ({ $region }) où la capacité a mené des projets : { $countries }.
matching-request-availability =
    { $experts ->
        [one] La capacité a { $experts } expert disponible.
       *[other] La capacité a { $experts } experts disponibles.
    }
matching-request-text = Ses textes traitent de ce que propose la capacité : { $words }.
