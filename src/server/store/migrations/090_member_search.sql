-- Member search on an index made for substring search: an FTS5 table with
-- the trigram tokenizer over one text per member account, the fields staff
-- search by (name, member number, username, e-mail, mobile and, from the
-- approved profile or else the join application, name, mobile, e-mail,
-- unit name, credit code and contact details), one per line. A query of 3
-- characters or more finds its rows through the trigrams; a shorter one
-- reads the stored texts (staff_queries.c). Triggers keep it in step with
-- accounts, members and join applications.
--
-- What a join never submitted holds is the applicant's alone: it is not in
-- the text (only the account's username, e-mail and mobile are).

CREATE VIEW member_search_text AS
SELECT x.account_id,
	COALESCE(x.name, '') || char(10) || COALESCE(x.member_no, '') || char(10) ||
	x.username || char(10) || x.email || char(10) || COALESCE(x.mobile, '') || char(10) ||
	COALESCE(json_extract(x.mp, '$.name'), json_extract(x.jp, '$.name'), '') || char(10) ||
	COALESCE(json_extract(x.mp, '$.mobile'), json_extract(x.jp, '$.mobile'), '') || char(10) ||
	COALESCE(json_extract(x.mp, '$.email'), json_extract(x.jp, '$.email'), '') || char(10) ||
	COALESCE(json_extract(x.mp, '$.unit_name'), json_extract(x.jp, '$.unit_name'), '') || char(10) ||
	COALESCE(json_extract(x.mp, '$.uscc'), json_extract(x.jp, '$.uscc'), '') || char(10) ||
	COALESCE(json_extract(x.mp, '$.contact_mobile'), json_extract(x.jp, '$.contact_mobile'), '') || char(10) ||
	COALESCE(json_extract(x.mp, '$.contact_phone'), json_extract(x.jp, '$.contact_phone'), '') || char(10) ||
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

CREATE VIRTUAL TABLE member_search USING fts5(hay, tokenize = 'trigram');

INSERT INTO member_search (rowid, hay) SELECT account_id, hay FROM member_search_text;

CREATE TRIGGER member_search_account_insert AFTER INSERT ON accounts WHEN new.role = 'member'
BEGIN
	INSERT INTO member_search (rowid, hay)
	SELECT account_id, hay FROM member_search_text WHERE account_id = new.id;
END;

CREATE TRIGGER member_search_account_update AFTER UPDATE OF username, email, mobile, role
ON accounts
BEGIN
	DELETE FROM member_search WHERE rowid = old.id;
	INSERT INTO member_search (rowid, hay)
	SELECT account_id, hay FROM member_search_text WHERE account_id = new.id;
END;

CREATE TRIGGER member_search_account_delete AFTER DELETE ON accounts
BEGIN
	DELETE FROM member_search WHERE rowid = old.id;
END;

CREATE TRIGGER member_search_member_insert AFTER INSERT ON members
BEGIN
	DELETE FROM member_search WHERE rowid = new.account_id;
	INSERT INTO member_search (rowid, hay)
	SELECT account_id, hay FROM member_search_text WHERE account_id = new.account_id;
END;

CREATE TRIGGER member_search_member_update
AFTER UPDATE OF account_id, name, member_no, status, profile ON members
BEGIN
	DELETE FROM member_search WHERE rowid IN (old.account_id, new.account_id);
	INSERT INTO member_search (rowid, hay)
	SELECT account_id, hay FROM member_search_text
	WHERE account_id IN (old.account_id, new.account_id);
END;

CREATE TRIGGER member_search_member_delete AFTER DELETE ON members
BEGIN
	DELETE FROM member_search WHERE rowid = old.account_id;
	INSERT INTO member_search (rowid, hay)
	SELECT account_id, hay FROM member_search_text WHERE account_id = old.account_id;
END;

CREATE TRIGGER member_search_join_insert AFTER INSERT ON applications WHEN new.kind = 'join'
BEGIN
	DELETE FROM member_search WHERE rowid = new.account_id;
	INSERT INTO member_search (rowid, hay)
	SELECT account_id, hay FROM member_search_text WHERE account_id = new.account_id;
END;

CREATE TRIGGER member_search_join_update AFTER UPDATE OF account_id, kind, profile ON applications
WHEN old.kind = 'join' OR new.kind = 'join'
BEGIN
	DELETE FROM member_search WHERE rowid IN (old.account_id, new.account_id);
	INSERT INTO member_search (rowid, hay)
	SELECT account_id, hay FROM member_search_text
	WHERE account_id IN (old.account_id, new.account_id);
END;

CREATE TRIGGER member_search_join_delete AFTER DELETE ON applications WHEN old.kind = 'join'
BEGIN
	DELETE FROM member_search WHERE rowid = old.account_id;
	INSERT INTO member_search (rowid, hay)
	SELECT account_id, hay FROM member_search_text WHERE account_id = old.account_id;
END;
