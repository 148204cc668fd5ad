-- The identity numbers in members' profiles, kept as the profiles change:
-- SQLite's 139_member_identities.sql says why. Here the triggers call
-- plpgsql; json_valid and json_extract are 000_compat.sql's.

CREATE TABLE member_identities (
	field      TEXT NOT NULL,
	value      TEXT NOT NULL,
	account_id BIGINT NOT NULL,
	PRIMARY KEY (field, value, account_id)
);
CREATE INDEX member_identities_account ON member_identities(account_id);

CREATE VIEW member_identities_of AS
SELECT x.field, upper(x.v) AS value, x.account_id
FROM (SELECT f.field, m.account_id,
	CASE WHEN m.profile LIKE '%"' || f.field || '"%' AND json_valid(m.profile)
	     THEN json_extract(m.profile, '$.' || f.field) END AS v
	FROM members m CROSS JOIN (SELECT 'id_number' AS field UNION ALL SELECT 'uscc') f) x
WHERE COALESCE(x.v, '') <> '';

INSERT INTO member_identities (field, value, account_id)
SELECT field, value, account_id FROM member_identities_of;

CREATE FUNCTION member_identities_of_member() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		DELETE FROM member_identities WHERE account_id = OLD.account_id;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		DELETE FROM member_identities WHERE account_id = NEW.account_id;
		INSERT INTO member_identities (field, value, account_id)
		SELECT field, value, account_id FROM member_identities_of
		WHERE account_id = NEW.account_id;
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER member_identities_insert AFTER INSERT ON members
FOR EACH ROW EXECUTE FUNCTION member_identities_of_member();

CREATE TRIGGER member_identities_update AFTER UPDATE OF profile, account_id ON members
FOR EACH ROW EXECUTE FUNCTION member_identities_of_member();

CREATE TRIGGER member_identities_delete AFTER DELETE ON members
FOR EACH ROW EXECUTE FUNCTION member_identities_of_member();
