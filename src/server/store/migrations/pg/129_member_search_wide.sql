-- Searches of one or two characters outside ASCII (a Chinese surname, a
-- two-character name) on an index too: SQLite's 129_member_search_wide.sql
-- says how. pg_trgm finds no trigram in a LIKE pattern of two characters;
-- member_search_wide holds every run of non-ASCII characters of the search
-- text with each character written three times, the runs separated by a
-- newline (the same text as SQLite's, which check-schema.sh compares), with
-- a trigram index of its own. member_search_refresh keeps it with
-- member_search.

-- The wide text of a search text: runs of non-ASCII characters, each
-- character three times, a newline after a run that ASCII follows.
CREATE FUNCTION member_search_wide_of(hay TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT regexp_replace(ltrim(regexp_replace($1, '[\x01-\x7f]+', chr(10), 'g'), chr(10)),
	                      '([^\n])', '\1\1\1', 'g')
$$;

CREATE TABLE member_search_wide (
	account_id BIGINT PRIMARY KEY,
	wide       TEXT NOT NULL,
	rowid      BIGINT GENERATED ALWAYS AS (account_id) STORED
);
CREATE INDEX member_search_wide_trgm ON member_search_wide USING gin (wide gin_trgm_ops);

CREATE VIEW member_search_wide_text AS
SELECT account_id, member_search_wide_of(hay) AS wide FROM member_search;

INSERT INTO member_search_wide (account_id, wide)
SELECT account_id, wide FROM member_search_wide_text;

CREATE OR REPLACE FUNCTION member_search_refresh(ids BIGINT[]) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
	i BIGINT;
BEGIN
	FOREACH i IN ARRAY ids LOOP
		DELETE FROM member_search WHERE account_id = i;
		INSERT INTO member_search (account_id, hay)
		SELECT account_id, hay FROM member_search_text WHERE account_id = i;
		DELETE FROM member_search_wide WHERE account_id = i;
		INSERT INTO member_search_wide (account_id, wide)
		SELECT account_id, wide FROM member_search_wide_text WHERE account_id = i;
	END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION member_search_of_account() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM member_search_refresh(ARRAY[NEW.id]);
	ELSIF TG_OP = 'UPDATE' THEN
		PERFORM member_search_refresh(ARRAY[OLD.id, NEW.id]);
	ELSE
		DELETE FROM member_search WHERE account_id = OLD.id;
		DELETE FROM member_search_wide WHERE account_id = OLD.id;
	END IF;
	RETURN NULL;
END
$$;
