-- The review queues (GET /review/applications) choose a page by status,
-- branch, organisation and kind, in the order of submission: an index that
-- holds every column of that choice, so a queue of thousands is counted and
-- ordered without reading the applications themselves.
DROP INDEX applications_queue;
CREATE INDEX applications_queue
	ON applications(status, review_org_id, org_id, kind, submitted_at, created_at);
