review-directorate-approves =
    { $kind_gender ->
        [feminine] seuls les coordinateurs et les administrateurs approuvent une { $kind }
        [feminine-vowel] seuls les coordinateurs et les administrateurs approuvent une { $kind }
       *[masculine] seuls les coordinateurs et les administrateurs approuvent un { $kind }
    }
review-directorate-returns =
    { $kind_gender ->
        [feminine] seuls les coordinateurs et les administrateurs renvoient une { $kind }
        [feminine-vowel] seuls les coordinateurs et les administrateurs renvoient une { $kind }
       *[masculine] seuls les coordinateurs et les administrateurs renvoient un { $kind }
    }
review-cannot-submit =
    { $kind_gender ->
        [feminine] la { $kind } est à l'état { $current } : seule une { $kind } à l'état { $from } peut être soumise
        [feminine-vowel] l'{ $kind } est à l'état { $current } : seule une { $kind } à l'état { $from } peut être soumise
        [masculine-vowel] l'{ $kind } est à l'état { $current } : seul un { $kind } à l'état { $from } peut être soumis
       *[masculine] le { $kind } est à l'état { $current } : seul un { $kind } à l'état { $from } peut être soumis
    }
review-cannot-submit-approved =
    { $kind_gender ->
        [feminine] la { $kind } est à l'état { $current } : seule une { $kind } à l'état { $from } peut être soumise ; pour demander la revue d'une modification, écrivez la modification avec ?review=requested
        [feminine-vowel] l'{ $kind } est à l'état { $current } : seule une { $kind } à l'état { $from } peut être soumise ; pour demander la revue d'une modification, écrivez la modification avec ?review=requested
        [masculine-vowel] l'{ $kind } est à l'état { $current } : seul un { $kind } à l'état { $from } peut être soumis ; pour demander la revue d'une modification, écrivez la modification avec ?review=requested
       *[masculine] le { $kind } est à l'état { $current } : seul un { $kind } à l'état { $from } peut être soumis ; pour demander la revue d'une modification, écrivez la modification avec ?review=requested
    }
review-cannot-approve =
    { $kind_gender ->
        [feminine] la { $kind } est à l'état { $current } : seule une { $kind } à l'état { $from } peut être approuvée
        [feminine-vowel] l'{ $kind } est à l'état { $current } : seule une { $kind } à l'état { $from } peut être approuvée
        [masculine-vowel] l'{ $kind } est à l'état { $current } : seul un { $kind } à l'état { $from } peut être approuvé
       *[masculine] le { $kind } est à l'état { $current } : seul un { $kind } à l'état { $from } peut être approuvé
    }
review-cannot-return =
    { $kind_gender ->
        [feminine] la { $kind } est à l'état { $current } : seule une { $kind } à l'état { $from } peut être renvoyée
        [feminine-vowel] l'{ $kind } est à l'état { $current } : seule une { $kind } à l'état { $from } peut être renvoyée
        [masculine-vowel] l'{ $kind } est à l'état { $current } : seul un { $kind } à l'état { $from } peut être renvoyé
       *[masculine] le { $kind } est à l'état { $current } : seul un { $kind } à l'état { $from } peut être renvoyé
    }
review-return-needs-comment = obligatoire : dites pourquoi l'enregistrement est renvoyé, pour que ses auteurs puissent agir
review-partner-sees-own = un partenaire ne voit que les revues des enregistrements auxquels participe son organisation
review-not-for-viewers = les revues sont réservées aux administrateurs, aux coordinateurs et aux partenaires
