limit-range = debe estar entre 1 y { $max }
cursor-malformed = no es un cursor
cursor-foreign = no es un cursor emitido por esta lista
id-not-uuid = debe ser un UUID (8-4-4-4-12 dígitos hexadecimales)
parameter-nul = no debe contener el carácter NUL (U+0000)
parameter-unknown = parámetro de consulta desconocido
parameter-repeated = aparece más de una vez
