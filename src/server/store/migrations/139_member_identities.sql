-- The identity numbers in members' profiles (id_number, uscc), upper-cased
-- as staff_identity_twins compares them, kept as the profiles change: an
-- application's detail (GET /review/applications/{id}) names the members
-- who hold the applicant's number by looking it up here, instead of
-- reading every member's profile (200,000 members: 0.18 s on SQLite,
-- 1.2 s on PostgreSQL, where reading a profile's JSON opens a
-- subtransaction). A member row with a profile that is not JSON, or
-- without the field, has no row for it.

CREATE TABLE member_identities (
	field      TEXT NOT NULL,
	value      TEXT NOT NULL,
	account_id INTEGER NOT NULL,
	PRIMARY KEY (field, value, account_id)
);
CREATE INDEX member_identities_account ON member_identities(account_id);

-- Each member row's identity numbers; json_extract reads only a profile
-- that is JSON and names the field.
CREATE VIEW member_identities_of AS
SELECT x.field, upper(x.v) AS value, x.account_id
FROM (SELECT f.field, m.account_id,
	CASE WHEN m.profile LIKE '%"' || f.field || '"%' AND json_valid(m.profile)
	     THEN json_extract(m.profile, '$.' || f.field) END AS v
	FROM members m CROSS JOIN (SELECT 'id_number' AS field UNION ALL SELECT 'uscc') f) x
WHERE COALESCE(x.v, '') <> '';

INSERT INTO member_identities (field, value, account_id)
SELECT field, value, account_id FROM member_identities_of;

CREATE TRIGGER member_identities_insert AFTER INSERT ON members
BEGIN
	INSERT INTO member_identities (field, value, account_id)
	SELECT field, value, account_id FROM member_identities_of
	WHERE account_id = new.account_id;
END;

CREATE TRIGGER member_identities_update AFTER UPDATE OF profile, account_id ON members
BEGIN
	DELETE FROM member_identities WHERE account_id IN (old.account_id, new.account_id);
	INSERT INTO member_identities (field, value, account_id)
	SELECT field, value, account_id FROM member_identities_of
	WHERE account_id = new.account_id;
END;

CREATE TRIGGER member_identities_delete AFTER DELETE ON members
BEGIN
	DELETE FROM member_identities WHERE account_id = old.account_id;
END;
