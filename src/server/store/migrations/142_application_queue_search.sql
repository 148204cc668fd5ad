-- A search of the applications (GET /review/applications?q=, the queue's
-- history above all) checks every application of the statuses asked for:
-- its account, member number and name (store/applications.c, SEARCH). The
-- queue's index now also carries what that reads of the application (its
-- account, its kept name and the times a page is ordered by), so the
-- search reads the index and never the rows, which are wide with their
-- profiles: a search of every one of 200,000 applications read them all.
DROP INDEX applications_queue;
CREATE INDEX applications_queue
	ON applications(status, review_org_id, org_id, kind, submitted_at, created_at, id,
	                account_id, search_name, decided_at, updated_at);
