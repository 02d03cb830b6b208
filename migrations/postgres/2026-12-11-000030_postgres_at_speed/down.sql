DROP TRIGGER changes_outbox ON changes;
DROP FUNCTION ssc_enqueue_change();
ALTER TABLE projects RESET (toast_tuple_target);
ALTER TABLE partnerships RESET (toast_tuple_target);
ALTER TABLE triangular_arrangements RESET (toast_tuple_target);
ALTER TABLE policy_exchanges RESET (toast_tuple_target);
