-- Applications counted as they change, so the review queue's and the
-- history's totals are read from a few dozen rows instead of every waiting
-- or decided application. The table and what the triggers do are SQLite's
-- (133_application_tally.sql there says what each column means); here the
-- trigger calls plpgsql, and counts nothing inside a seed or an import
-- (roster.tally_off, 131_tally_bulk.sql), which counts everything again
-- before it commits (store/tallies.c).

CREATE TABLE application_tally (
	status        TEXT NOT NULL,
	kind          TEXT NOT NULL,
	org_id        BIGINT NOT NULL,
	review_org_id BIGINT NOT NULL,
	n             BIGINT NOT NULL,
	PRIMARY KEY (status, kind, org_id, review_org_id)
);

INSERT INTO application_tally (status, kind, org_id, review_org_id, n)
SELECT status, kind, COALESCE(org_id, 0), COALESCE(review_org_id, 0), COUNT(*)
FROM applications GROUP BY 1, 2, 3, 4;

CREATE FUNCTION application_tally_of_application() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF current_setting('roster.tally_off', true) = 'on' THEN
		RETURN NULL;
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		UPDATE application_tally SET n = n - 1
		WHERE status = OLD.status AND kind = OLD.kind AND org_id = COALESCE(OLD.org_id, 0)
		AND review_org_id = COALESCE(OLD.review_org_id, 0);
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		INSERT INTO application_tally AS t (status, kind, org_id, review_org_id, n)
		VALUES (NEW.status, NEW.kind, COALESCE(NEW.org_id, 0), COALESCE(NEW.review_org_id, 0), 1)
		ON CONFLICT (status, kind, org_id, review_org_id) DO UPDATE SET n = t.n + 1;
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER tally_application_insert AFTER INSERT ON applications
FOR EACH ROW EXECUTE FUNCTION application_tally_of_application();

CREATE TRIGGER tally_application_update
AFTER UPDATE OF status, kind, org_id, review_org_id ON applications
FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.kind IS DISTINCT FROM NEW.kind
                   OR OLD.org_id IS DISTINCT FROM NEW.org_id
                   OR OLD.review_org_id IS DISTINCT FROM NEW.review_org_id)
EXECUTE FUNCTION application_tally_of_application();

CREATE TRIGGER tally_application_delete AFTER DELETE ON applications
FOR EACH ROW EXECUTE FUNCTION application_tally_of_application();
