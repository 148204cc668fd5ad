-- A search of the applications (GET /review/applications?q=) checks every
-- application of the statuses asked for: its account, member number and
-- name (store/applications.c, SEARCH). The queue's index now also carries
-- what that reads of the application (its account, its kept name and the
-- times a page is ordered by), so the applications are read from the
-- index alone (an index-only scan, once vacuumed), never their rows, wide
-- with their profiles. SQLite's 142 is the same index.
DROP INDEX applications_queue;
CREATE INDEX applications_queue
	ON applications(status, review_org_id, org_id, kind, submitted_at, created_at, id,
	                account_id, search_name, decided_at, updated_at);
