DROP FUNCTION ssc_change_horizon();
DROP INDEX changes_txid;
DROP TRIGGER changes_order ON changes;
DROP FUNCTION ssc_change_order();
DROP FUNCTION ssc_hold_change_order();
DROP FUNCTION ssc_draw_change_seq();
DROP FUNCTION ssc_appending_key();
ALTER TABLE changes ALTER COLUMN seq SET DEFAULT nextval('changes_seq_seq');
ALTER TABLE changes DROP COLUMN txid;
