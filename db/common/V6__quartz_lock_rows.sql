-- The two row locks Quartz's clustered job store takes (SELECT ... FOR UPDATE on QRTZ_LOCKS).
-- Quartz inserts a missing row on first use; when several nodes start at once on a new database
-- they race on that INSERT, and on PostgreSQL the loser's transaction is aborted, so its retries
-- fail too ("current transaction is aborted") and the node does not start. Present from the
-- start, the rows are only ever locked, never inserted. 'rankkeeper' is the scheduler's name.
INSERT INTO QRTZ_LOCKS (SCHED_NAME, LOCK_NAME) VALUES ('rankkeeper', 'TRIGGER_ACCESS');
INSERT INTO QRTZ_LOCKS (SCHED_NAME, LOCK_NAME) VALUES ('rankkeeper', 'STATE_ACCESS');
