-- A staff decision about money also reaches the member by e-mail. In the
-- SQLite schema this migration added a trigger on messages that queued the
-- mail; migration 126 dropped it again when the code that makes the
-- decision took over queueing the mail. A PostgreSQL database is always
-- migrated through 126 by a rosterd that queues the mail itself, so the
-- trigger is never made here; the file keeps the numbers of both schemas
-- the same.
SELECT 1;
