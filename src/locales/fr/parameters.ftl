limit-range = doit être compris entre 1 et { $max }
cursor-malformed = n'est pas un curseur
cursor-foreign = n'est pas un curseur émis par cette liste
id-not-uuid = doit être un UUID (8-4-4-4-12 chiffres hexadécimaux)
parameter-nul = ne doit pas contenir le caractère NUL (U+0000)
parameter-unknown = paramètre de requête inconnu
parameter-repeated = est donné plus d'une fois
