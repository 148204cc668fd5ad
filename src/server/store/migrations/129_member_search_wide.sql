-- Searches of one or two characters outside ASCII (a Chinese surname, a
-- two-character name) on an index too. The trigram index of member_search
-- cannot find a text shorter than three characters. member_search_wide
-- holds, per member account, every run of non-ASCII characters of the
-- search text with each character written three times, the runs separated
-- by a newline: a search of one or two such characters, written the same
-- way, is three to six characters whose trigrams the index finds, and only
-- inside a run, where such a search can only match. The rows found are
-- then checked against the search text itself, as every search is
-- (staff_queries.c). A search of one or two ASCII characters still reads
-- every text.
--
-- The text is made from member_search's own (so after it); the triggers of
-- 090 are made again to keep both.

CREATE VIEW member_search_wide_text AS
SELECT s.rowid AS account_id,
	(WITH RECURSIVE c(i, acc) AS (
		SELECT 1, ''
		UNION ALL
		SELECT i + 1,
			CASE WHEN unicode(substr(s.hay, i, 1)) > 127
			     THEN acc || substr(s.hay, i, 1) || substr(s.hay, i, 1) || substr(s.hay, i, 1)
			     WHEN acc = '' OR substr(acc, -1) = char(10) THEN acc
			     ELSE acc || char(10) END
		FROM c WHERE i <= length(s.hay))
	 SELECT acc FROM c WHERE i > length(s.hay)) AS wide
FROM member_search s;

CREATE VIRTUAL TABLE member_search_wide USING fts5(wide, tokenize = 'trigram');

INSERT INTO member_search_wide (rowid, wide) SELECT account_id, wide FROM member_search_wide_text;

DROP TRIGGER member_search_account_insert;
DROP TRIGGER member_search_account_update;
DROP TRIGGER member_search_account_delete;
DROP TRIGGER member_search_member_insert;
DROP TRIGGER member_search_member_update;
DROP TRIGGER member_search_member_delete;
DROP TRIGGER member_search_join_insert;
DROP TRIGGER member_search_join_update;
DROP TRIGGER member_search_join_delete;

CREATE TRIGGER member_search_account_insert AFTER INSERT ON accounts WHEN new.role = 'member'
BEGIN
	INSERT INTO member_search (rowid, hay)
	SELECT account_id, hay FROM member_search_text WHERE account_id = new.id;
	DELETE FROM member_search_wide WHERE rowid IN (new.id);
	INSERT INTO member_search_wide (rowid, wide)
	SELECT account_id, wide FROM member_search_wide_text WHERE account_id IN (new.id);
END;

CREATE TRIGGER member_search_account_update AFTER UPDATE OF username, email, mobile, role
ON accounts
BEGIN
	DELETE FROM member_search WHERE rowid = old.id;
	INSERT INTO member_search (rowid, hay)
	SELECT account_id, hay FROM member_search_text WHERE account_id = new.id;
	DELETE FROM member_search_wide WHERE rowid IN (old.id, new.id);
	INSERT INTO member_search_wide (rowid, wide)
	SELECT account_id, wide FROM member_search_wide_text WHERE account_id IN (old.id, new.id);
END;

CREATE TRIGGER member_search_account_delete AFTER DELETE ON accounts
BEGIN
	DELETE FROM member_search WHERE rowid = old.id;
	DELETE FROM member_search_wide WHERE rowid IN (old.id);
	INSERT INTO member_search_wide (rowid, wide)
	SELECT account_id, wide FROM member_search_wide_text WHERE account_id IN (old.id);
END;

CREATE TRIGGER member_search_member_insert AFTER INSERT ON members
BEGIN
	DELETE FROM member_search WHERE rowid = new.account_id;
	INSERT INTO member_search (rowid, hay)
	SELECT account_id, hay FROM member_search_text WHERE account_id = new.account_id;
	DELETE FROM member_search_wide WHERE rowid IN (new.account_id);
	INSERT INTO member_search_wide (rowid, wide)
	SELECT account_id, wide FROM member_search_wide_text WHERE account_id IN (new.account_id);
END;

CREATE TRIGGER member_search_member_update
AFTER UPDATE OF account_id, name, member_no, status, profile ON members
BEGIN
	DELETE FROM member_search WHERE rowid IN (old.account_id, new.account_id);
	INSERT INTO member_search (rowid, hay)
	SELECT account_id, hay FROM member_search_text
	WHERE account_id IN (old.account_id, new.account_id);
	DELETE FROM member_search_wide WHERE rowid IN (old.account_id, new.account_id);
	INSERT INTO member_search_wide (rowid, wide)
	SELECT account_id, wide FROM member_search_wide_text WHERE account_id IN (old.account_id, new.account_id);
END;

CREATE TRIGGER member_search_member_delete AFTER DELETE ON members
BEGIN
	DELETE FROM member_search WHERE rowid = old.account_id;
	INSERT INTO member_search (rowid, hay)
	SELECT account_id, hay FROM member_search_text WHERE account_id = old.account_id;
	DELETE FROM member_search_wide WHERE rowid IN (old.account_id);
	INSERT INTO member_search_wide (rowid, wide)
	SELECT account_id, wide FROM member_search_wide_text WHERE account_id IN (old.account_id);
END;

CREATE TRIGGER member_search_join_insert AFTER INSERT ON applications WHEN new.kind = 'join'
BEGIN
	DELETE FROM member_search WHERE rowid = new.account_id;
	INSERT INTO member_search (rowid, hay)
	SELECT account_id, hay FROM member_search_text WHERE account_id = new.account_id;
	DELETE FROM member_search_wide WHERE rowid IN (new.account_id);
	INSERT INTO member_search_wide (rowid, wide)
	SELECT account_id, wide FROM member_search_wide_text WHERE account_id IN (new.account_id);
END;

CREATE TRIGGER member_search_join_update AFTER UPDATE OF account_id, kind, profile ON applications
WHEN old.kind = 'join' OR new.kind = 'join'
BEGIN
	DELETE FROM member_search WHERE rowid IN (old.account_id, new.account_id);
	INSERT INTO member_search (rowid, hay)
	SELECT account_id, hay FROM member_search_text
	WHERE account_id IN (old.account_id, new.account_id);
	DELETE FROM member_search_wide WHERE rowid IN (old.account_id, new.account_id);
	INSERT INTO member_search_wide (rowid, wide)
	SELECT account_id, wide FROM member_search_wide_text WHERE account_id IN (old.account_id, new.account_id);
END;

CREATE TRIGGER member_search_join_delete AFTER DELETE ON applications WHEN old.kind = 'join'
BEGIN
	DELETE FROM member_search WHERE rowid = old.account_id;
	INSERT INTO member_search (rowid, hay)
	SELECT account_id, hay FROM member_search_text WHERE account_id = old.account_id;
	DELETE FROM member_search_wide WHERE rowid IN (old.account_id);
	INSERT INTO member_search_wide (rowid, wide)
	SELECT account_id, wide FROM member_search_wide_text WHERE account_id IN (old.account_id);
END;
