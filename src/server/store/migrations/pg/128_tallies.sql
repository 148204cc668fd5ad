-- Counts kept as the rows change, so the register's total and the
-- statistics (GET /members, GET /stats) are read from a few dozen rows
-- instead of every member and every paid order (staff_queries.c). The
-- tables, the view and what the triggers do are SQLite's (128_tallies.sql
-- there says what each column means); here the triggers call plpgsql.
--
-- The year of payment is strftime's (000_compat.sql) in the session's
-- TimeZone, which rosterd sets to association.timezone; tally_stamp records
-- the zone the tallies were counted in, and a start with another zone
-- counts them again (store/tallies.c).

CREATE TABLE member_tally (
	status      TEXT NOT NULL,
	level_id    BIGINT NOT NULL,
	org_id      BIGINT NOT NULL,
	valid_until TEXT NOT NULL,
	numbered    BIGINT NOT NULL,
	n           BIGINT NOT NULL,
	PRIMARY KEY (status, level_id, org_id, valid_until, numbered)
);

CREATE TABLE order_tally (
	year   TEXT NOT NULL,
	kind   TEXT NOT NULL,
	n      BIGINT NOT NULL,
	amount BIGINT NOT NULL,
	PRIMARY KEY (year, kind)
);

CREATE TABLE tally_stamp (
	zone TEXT NOT NULL
);

CREATE VIEW member_tally_key AS
SELECT a.id AS account_id, a.role,
	COALESCE(m.status, 'draft') AS status,
	CASE WHEN COALESCE(m.status, 'draft') <> 'draft' THEN COALESCE(m.level_id, 0) ELSE 0 END
		AS level_id,
	CASE WHEN COALESCE(m.status, 'draft') <> 'draft' THEN COALESCE(m.org_id, 0) ELSE 0 END
		AS org_id,
	CASE WHEN m.status = 'active' THEN COALESCE(m.valid_until, '') ELSE '' END AS valid_until,
	CASE WHEN m.member_no IS NOT NULL THEN 1 ELSE 0 END AS numbered
FROM accounts a LEFT JOIN members m ON m.account_id = a.id;

-- Add d to the count of account id's present key.
CREATE FUNCTION member_tally_add(id BIGINT, d BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO member_tally AS t (status, level_id, org_id, valid_until, numbered, n)
	SELECT k.status, k.level_id, k.org_id, k.valid_until, k.numbered, d
	FROM member_tally_key k WHERE k.account_id = id
	ON CONFLICT (status, level_id, org_id, valid_until, numbered)
	DO UPDATE SET n = t.n + EXCLUDED.n;
END
$$;

-- Take one from the key a member row with these values counted under.
CREATE FUNCTION member_tally_drop(s TEXT, l BIGINT, o BIGINT, vu TEXT, mno TEXT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	UPDATE member_tally SET n = n - 1
	WHERE status = s
	AND level_id = CASE WHEN s <> 'draft' THEN COALESCE(l, 0) ELSE 0 END
	AND org_id = CASE WHEN s <> 'draft' THEN COALESCE(o, 0) ELSE 0 END
	AND valid_until = CASE WHEN s = 'active' THEN COALESCE(vu, '') ELSE '' END
	AND numbered = CASE WHEN mno IS NOT NULL THEN 1 ELSE 0 END;
END
$$;

CREATE FUNCTION member_tally_is_member(id BIGINT) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT EXISTS (SELECT 1 FROM accounts WHERE accounts.id = $1 AND role = 'member')
$$;

CREATE FUNCTION member_tally_of_account() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM member_tally_add(NEW.id, 1);
	ELSIF TG_OP = 'UPDATE' THEN
		PERFORM member_tally_add(NEW.id, CASE WHEN NEW.role = 'member' THEN 1 ELSE -1 END);
	ELSE
		-- before the delete: the member row still says what it counted as
		PERFORM member_tally_add(OLD.id, -1);
		RETURN OLD;
	END IF;
	RETURN NULL;
END
$$;

CREATE FUNCTION member_tally_of_member() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		IF member_tally_is_member(NEW.account_id) THEN
			PERFORM member_tally_drop('draft', 0, 0, '', NULL);
			PERFORM member_tally_add(NEW.account_id, 1);
		END IF;
	ELSIF TG_OP = 'UPDATE' THEN
		IF member_tally_is_member(OLD.account_id) THEN
			PERFORM member_tally_drop(OLD.status, OLD.level_id, OLD.org_id, OLD.valid_until,
			                          OLD.member_no);
		END IF;
		IF member_tally_is_member(NEW.account_id) THEN
			PERFORM member_tally_add(NEW.account_id, 1);
		END IF;
	ELSE
		-- the account stays (a deleted account took its count with it)
		IF member_tally_is_member(OLD.account_id) THEN
			PERFORM member_tally_drop(OLD.status, OLD.level_id, OLD.org_id, OLD.valid_until,
			                          OLD.member_no);
			INSERT INTO member_tally AS t (status, level_id, org_id, valid_until, numbered, n)
			VALUES ('draft', 0, 0, '', 0, 1)
			ON CONFLICT (status, level_id, org_id, valid_until, numbered)
			DO UPDATE SET n = t.n + 1;
		END IF;
	END IF;
	RETURN NULL;
END
$$;

CREATE FUNCTION order_tally_of_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'paid' AND OLD.paid_at IS NOT NULL THEN
		UPDATE order_tally SET n = n - 1, amount = amount - OLD.amount
		WHERE year = strftime('%Y', OLD.paid_at, 'unixepoch', 'localtime')
		AND kind = OLD.kind;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'paid' AND NEW.paid_at IS NOT NULL THEN
		INSERT INTO order_tally AS t (year, kind, n, amount)
		VALUES (strftime('%Y', NEW.paid_at, 'unixepoch', 'localtime'), NEW.kind, 1, NEW.amount)
		ON CONFLICT (year, kind)
		DO UPDATE SET n = t.n + 1, amount = t.amount + EXCLUDED.amount;
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER tally_account_insert AFTER INSERT ON accounts
FOR EACH ROW WHEN (NEW.role = 'member')
EXECUTE FUNCTION member_tally_of_account();

CREATE TRIGGER tally_account_role AFTER UPDATE OF role ON accounts
FOR EACH ROW WHEN (OLD.role IS DISTINCT FROM NEW.role
                   AND (OLD.role = 'member' OR NEW.role = 'member'))
EXECUTE FUNCTION member_tally_of_account();

CREATE TRIGGER tally_account_delete BEFORE DELETE ON accounts
FOR EACH ROW WHEN (OLD.role = 'member')
EXECUTE FUNCTION member_tally_of_account();

CREATE TRIGGER tally_member_insert AFTER INSERT ON members
FOR EACH ROW EXECUTE FUNCTION member_tally_of_member();

CREATE TRIGGER tally_member_update
AFTER UPDATE OF account_id, status, level_id, org_id, valid_until, member_no ON members
FOR EACH ROW EXECUTE FUNCTION member_tally_of_member();

CREATE TRIGGER tally_member_delete AFTER DELETE ON members
FOR EACH ROW EXECUTE FUNCTION member_tally_of_member();

CREATE TRIGGER tally_order_insert AFTER INSERT ON orders
FOR EACH ROW EXECUTE FUNCTION order_tally_of_order();

CREATE TRIGGER tally_order_update AFTER UPDATE OF status, paid_at, kind, amount ON orders
FOR EACH ROW EXECUTE FUNCTION order_tally_of_order();

CREATE TRIGGER tally_order_delete AFTER DELETE ON orders
FOR EACH ROW EXECUTE FUNCTION order_tally_of_order();
