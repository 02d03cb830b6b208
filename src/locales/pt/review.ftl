review-directorate-approves =
    { $kind_gender ->
        [feminine] só coordenadores e administradores aprovam uma { $kind }
       *[masculine] só coordenadores e administradores aprovam um { $kind }
    }
review-directorate-returns =
    { $kind_gender ->
        [feminine] só coordenadores e administradores devolvem uma { $kind }
       *[masculine] só coordenadores e administradores devolvem um { $kind }
    }
review-cannot-submit =
    { $kind_gender ->
        [feminine] a { $kind } está no status { $current }: só uma no status { $from } pode ser enviada para revisão
       *[masculine] o { $kind } está no status { $current }: só um no status { $from } pode ser enviado para revisão
    }
review-cannot-submit-approved =
    { $kind_gender ->
        [feminine] a { $kind } está no status { $current }: só uma no status { $from } pode ser enviada para revisão; para pedir a revisão de uma alteração, escreva a alteração com ?review=requested
       *[masculine] o { $kind } está no status { $current }: só um no status { $from } pode ser enviado para revisão; para pedir a revisão de uma alteração, escreva a alteração com ?review=requested
    }
review-cannot-approve =
    { $kind_gender ->
        [feminine] a { $kind } está no status { $current }: só uma no status { $from } pode ser aprovada
       *[masculine] o { $kind } está no status { $current }: só um no status { $from } pode ser aprovado
    }
review-cannot-return =
    { $kind_gender ->
        [feminine] a { $kind } está no status { $current }: só uma no status { $from } pode ser devolvida
       *[masculine] o { $kind } está no status { $current }: só um no status { $from } pode ser devolvido
    }
review-return-needs-comment = obrigatório: diga por que o registro é devolvido, para que seus autores possam agir
review-partner-sees-own = um parceiro só vê as revisões dos registros de que sua organização participa
review-not-for-viewers = as revisões são para administradores, coordenadores e parceiros
