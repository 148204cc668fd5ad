-- Applications counted as they change, so the review queue's and the
-- history's totals (GET /review/applications without a search) are read
-- from a few dozen rows instead of every waiting or decided application
-- (store/applications.c). The key is what those lists filter by: the
-- stored status, the kind, and the organisation and reviewing organisation
-- (0 for none, as a level change has). Rows that fall to 0 stay; readers
-- sum. On PostgreSQL a seed or an import pauses the triggers and counts
-- everything again (store/tallies.c), as for member_tally (128, 131).

CREATE TABLE application_tally (
	status        TEXT NOT NULL,
	kind          TEXT NOT NULL,
	org_id        INTEGER NOT NULL,
	review_org_id INTEGER NOT NULL,
	n             INTEGER NOT NULL,
	PRIMARY KEY (status, kind, org_id, review_org_id)
);

INSERT INTO application_tally (status, kind, org_id, review_org_id, n)
SELECT status, kind, COALESCE(org_id, 0), COALESCE(review_org_id, 0), COUNT(*)
FROM applications GROUP BY 1, 2, 3, 4;

CREATE TRIGGER tally_application_insert AFTER INSERT ON applications
BEGIN
	INSERT INTO application_tally (status, kind, org_id, review_org_id, n)
	VALUES (new.status, new.kind, COALESCE(new.org_id, 0), COALESCE(new.review_org_id, 0), 1)
	ON CONFLICT (status, kind, org_id, review_org_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER tally_application_update
AFTER UPDATE OF status, kind, org_id, review_org_id ON applications
WHEN old.status IS NOT new.status OR old.kind IS NOT new.kind
	OR old.org_id IS NOT new.org_id OR old.review_org_id IS NOT new.review_org_id
BEGIN
	UPDATE application_tally SET n = n - 1
	WHERE status = old.status AND kind = old.kind AND org_id = COALESCE(old.org_id, 0)
	AND review_org_id = COALESCE(old.review_org_id, 0);
	INSERT INTO application_tally (status, kind, org_id, review_org_id, n)
	VALUES (new.status, new.kind, COALESCE(new.org_id, 0), COALESCE(new.review_org_id, 0), 1)
	ON CONFLICT (status, kind, org_id, review_org_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER tally_application_delete AFTER DELETE ON applications
BEGIN
	UPDATE application_tally SET n = n - 1
	WHERE status = old.status AND kind = old.kind AND org_id = COALESCE(old.org_id, 0)
	AND review_org_id = COALESCE(old.review_org_id, 0);
END;
