-- The review history (GET /review/applications?status=decided, approved or
-- rejected) lists the newest decision first: an index in that order, with
-- the columns the history filters by, so a page is read from its top
-- instead of sorting every decided application (180,000 of them in a
-- national association's first years).
CREATE INDEX applications_decided
	ON applications((COALESCE(decided_at, updated_at)), id, status, review_org_id, org_id, kind);
-- The queue's index ends with the id, which a page is chosen by: PostgreSQL
-- (whose indexes do not carry the row's id as SQLite's carry the rowid)
-- then chooses a page from the index alone, without visiting every waiting
-- application's row.
DROP INDEX applications_queue;
CREATE INDEX applications_queue
	ON applications(status, review_org_id, org_id, kind, submitted_at, created_at, id);
