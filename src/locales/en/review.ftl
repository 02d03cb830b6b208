# Review ($kind: a record's noun; $current: its review_status; $from: the statuses the
# transition starts from, as a list). Statuses are written as the API writes them.
review-directorate-approves = only coordinators and admins approve a { $kind }
review-directorate-returns = only coordinators and admins return a { $kind }
review-cannot-submit = the { $kind } is { $current }: only a { $from } one can be submitted
review-cannot-submit-approved = the { $kind } is { $current }: only a { $from } one can be submitted; to ask for review of a change to it, write the change with ?review=requested
review-cannot-approve = the { $kind } is { $current }: only a { $from } one can be approved
review-cannot-return = the { $kind } is { $current }: only a { $from } one can be returned
review-return-needs-comment = required: say why the record is returned, for its authors to act on
review-partner-sees-own = a partner sees only the reviews of records its organisation takes part in
review-not-for-viewers = reviews are for admins, coordinators and partners
