-- Member search on an index made for substring search: one text per member
-- account, the fields staff search by (name, member number, username,
-- e-mail, mobile and, from the approved profile or else the join
-- application, name, mobile, e-mail, unit name, credit code and contact
-- details), one per line. A query of 3
-- characters or more finds its rows through the trigrams; a shorter one
-- reads the stored texts (staff_queries.c). Triggers keep it in step with
-- accounts, members and join applications.
--
-- PostgreSQL: member_search is a table (account_id, hay) with a pg_trgm GIN
-- index on hay, where SQLite has an FTS5 trigram table (rowid, hay); the
-- index serves hay ILIKE '%...%' directly, so the store's query is
--   y.account_id IN (SELECT account_id FROM member_search
--                    WHERE hay ILIKE $7 ESCAPE '!')
-- for a search text of any length (the FTS5 MATCH is left out). The triggers have the SQLite names and
-- do what the SQLite ones do: the member's row is made again from
-- member_search_text. chr(10) stands for SQLite's char(10).
--
-- What a join never submitted holds is the applicant's alone: it is not in
-- the text (only the account's username, e-mail and mobile are).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE VIEW member_search_text AS
SELECT x.account_id,
	COALESCE(x.name, '') || chr(10) || COALESCE(x.member_no, '') || chr(10) ||
	x.username || chr(10) || x.email || chr(10) || COALESCE(x.mobile, '') || chr(10) ||
	COALESCE(json_extract(x.mp, '$.name'), json_extract(x.jp, '$.name'), '') || chr(10) ||
	COALESCE(json_extract(x.mp, '$.mobile'), json_extract(x.jp, '$.mobile'), '') || chr(10) ||
	COALESCE(json_extract(x.mp, '$.email'), json_extract(x.jp, '$.email'), '') || chr(10) ||
	COALESCE(json_extract(x.mp, '$.unit_name'), json_extract(x.jp, '$.unit_name'), '') || chr(10) ||
	COALESCE(json_extract(x.mp, '$.uscc'), json_extract(x.jp, '$.uscc'), '') || chr(10) ||
	COALESCE(json_extract(x.mp, '$.contact_mobile'), json_extract(x.jp, '$.contact_mobile'), '') || chr(10) ||
	COALESCE(json_extract(x.mp, '$.contact_phone'), json_extract(x.jp, '$.contact_phone'), '') || chr(10) ||
	COALESCE(json_extract(x.mp, '$.contact_email'), json_extract(x.jp, '$.contact_email'), '')
	AS hay
FROM (SELECT a.id AS account_id, a.username, a.email, a.mobile, m.member_no,
	CASE WHEN COALESCE(m.status, 'draft') <> 'draft' THEN m.name END AS name,
	CASE WHEN COALESCE(m.status, 'draft') <> 'draft' AND json_valid(m.profile)
	     THEN m.profile ELSE '{}' END AS mp,
	CASE WHEN COALESCE(m.status, 'draft') <> 'draft' AND json_valid(j.profile)
	     THEN j.profile ELSE '{}' END AS jp
	FROM accounts a
	LEFT JOIN members m ON m.account_id = a.id
	LEFT JOIN applications j ON j.account_id = a.id AND j.kind = 'join'
	WHERE a.role = 'member') x;

-- rowid repeats account_id under the name SQLite's statements read it by,
-- so "SELECT rowid FROM member_search WHERE hay LIKE ?7 ESCAPE '!'" runs
-- unchanged on both
CREATE TABLE member_search (
	account_id BIGINT PRIMARY KEY,
	hay        TEXT NOT NULL,
	rowid      BIGINT GENERATED ALWAYS AS (account_id) STORED
);
CREATE INDEX member_search_hay ON member_search USING gin (hay gin_trgm_ops);

INSERT INTO member_search (account_id, hay) SELECT account_id, hay FROM member_search_text;

-- The rows of the accounts given made again from member_search_text (none
-- when the account is gone or is not a member's).
-- (one account at a time: a plan for "account_id = i" reads the view through
-- its keys, where one for "= ANY (ids)" may read all of it)
CREATE FUNCTION member_search_refresh(ids BIGINT[]) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
	i BIGINT;
BEGIN
	FOREACH i IN ARRAY ids LOOP
		DELETE FROM member_search WHERE account_id = i;
		INSERT INTO member_search (account_id, hay)
		SELECT account_id, hay FROM member_search_text WHERE account_id = i;
	END LOOP;
END
$$;

CREATE FUNCTION member_search_of_account() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM member_search_refresh(ARRAY[NEW.id]);
	ELSIF TG_OP = 'UPDATE' THEN
		PERFORM member_search_refresh(ARRAY[OLD.id, NEW.id]);
	ELSE
		DELETE FROM member_search WHERE account_id = OLD.id;
	END IF;
	RETURN NULL;
END
$$;

-- members and applications: both carry account_id
CREATE FUNCTION member_search_of_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM member_search_refresh(ARRAY[NEW.account_id]);
	ELSIF TG_OP = 'UPDATE' THEN
		PERFORM member_search_refresh(ARRAY[OLD.account_id, NEW.account_id]);
	ELSE
		PERFORM member_search_refresh(ARRAY[OLD.account_id]);
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER member_search_account_insert AFTER INSERT ON accounts
FOR EACH ROW WHEN (NEW.role = 'member')
EXECUTE FUNCTION member_search_of_account();

CREATE TRIGGER member_search_account_update AFTER UPDATE OF username, email, mobile, role
ON accounts
FOR EACH ROW EXECUTE FUNCTION member_search_of_account();

CREATE TRIGGER member_search_account_delete AFTER DELETE ON accounts
FOR EACH ROW EXECUTE FUNCTION member_search_of_account();

CREATE TRIGGER member_search_member_insert AFTER INSERT ON members
FOR EACH ROW EXECUTE FUNCTION member_search_of_row();

CREATE TRIGGER member_search_member_update
AFTER UPDATE OF account_id, name, member_no, status, profile ON members
FOR EACH ROW EXECUTE FUNCTION member_search_of_row();

CREATE TRIGGER member_search_member_delete AFTER DELETE ON members
FOR EACH ROW EXECUTE FUNCTION member_search_of_row();

CREATE TRIGGER member_search_join_insert AFTER INSERT ON applications
FOR EACH ROW WHEN (NEW.kind = 'join')
EXECUTE FUNCTION member_search_of_row();

CREATE TRIGGER member_search_join_update AFTER UPDATE OF account_id, kind, profile ON applications
FOR EACH ROW WHEN (OLD.kind = 'join' OR NEW.kind = 'join')
EXECUTE FUNCTION member_search_of_row();

CREATE TRIGGER member_search_join_delete AFTER DELETE ON applications
FOR EACH ROW WHEN (OLD.kind = 'join')
EXECUTE FUNCTION member_search_of_row();
