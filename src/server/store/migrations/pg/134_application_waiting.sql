-- The review queue (GET /review/applications: both pending stages, or one,
-- oldest submission first) read in its order from an index of the waiting
-- applications alone, instead of sorting every waiting application (14,000
-- of them at a national association's size) for each page. Partial: the
-- applications decided long ago are not in it. store/applications.c names
-- the same condition, which is what lets a query use it.
CREATE INDEX applications_waiting
	ON applications((COALESCE(submitted_at, created_at)), id, status, review_org_id, org_id, kind)
	WHERE status IN ('pending_branch', 'pending_hq');
