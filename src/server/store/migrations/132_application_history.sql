-- The review history (GET /review/applications?status=decided, approved or
-- rejected) lists the newest decision first: an index in that order, with
-- the columns the history filters by, so a page is read from its top
-- instead of sorting every decided application (180,000 of them in a
-- national association's first years).
CREATE INDEX applications_decided
	ON applications((COALESCE(decided_at, updated_at)), id, status, review_org_id, org_id, kind);
