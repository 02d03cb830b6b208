limit-range = deve estar entre 1 e { $max }
cursor-malformed = não é um cursor
cursor-foreign = não é um cursor emitido por esta lista
id-not-uuid = deve ser um UUID (8-4-4-4-12 dígitos hexadecimais)
parameter-nul = não pode conter o caractere NUL (U+0000)
parameter-unknown = parâmetro de consulta desconhecido
parameter-repeated = aparece mais de uma vez
