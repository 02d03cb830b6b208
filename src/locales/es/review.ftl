review-directorate-approves =
    { $kind_gender ->
        [feminine] solo los coordinadores y los administradores aprueban una { $kind }
       *[masculine] solo los coordinadores y los administradores aprueban un { $kind }
    }
review-directorate-returns =
    { $kind_gender ->
        [feminine] solo los coordinadores y los administradores devuelven una { $kind }
       *[masculine] solo los coordinadores y los administradores devuelven un { $kind }
    }
review-cannot-submit =
    { $kind_gender ->
        [feminine] la { $kind } está en estado { $current }: solo se puede enviar a revisión una en estado { $from }
       *[masculine] el { $kind } está en estado { $current }: solo se puede enviar a revisión uno en estado { $from }
    }
review-cannot-submit-approved =
    { $kind_gender ->
        [feminine] la { $kind } está en estado { $current }: solo se puede enviar a revisión una en estado { $from }; para pedir la revisión de un cambio, escriba el cambio con ?review=requested
       *[masculine] el { $kind } está en estado { $current }: solo se puede enviar a revisión uno en estado { $from }; para pedir la revisión de un cambio, escriba el cambio con ?review=requested
    }
review-cannot-approve =
    { $kind_gender ->
        [feminine] la { $kind } está en estado { $current }: solo se puede aprobar una en estado { $from }
       *[masculine] el { $kind } está en estado { $current }: solo se puede aprobar uno en estado { $from }
    }
review-cannot-return =
    { $kind_gender ->
        [feminine] la { $kind } está en estado { $current }: solo se puede devolver una en estado { $from }
       *[masculine] el { $kind } está en estado { $current }: solo se puede devolver uno en estado { $from }
    }
review-return-needs-comment = obligatorio: indique por qué se devuelve el registro, para que sus autores puedan actuar
review-partner-sees-own = un socio solo ve las revisiones de los registros en los que participa su organización
review-not-for-viewers = las revisiones son para administradores, coordinadores y socios
