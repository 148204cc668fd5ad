-- Paid orders counted by branch too: SQLite's 137_order_tally_branch.sql
-- says why and what each part does. Here the triggers call plpgsql, and
-- stop counting inside a seed or an import as 131_tally_bulk.sql's do.

DROP TRIGGER tally_order_insert ON orders;
DROP TRIGGER tally_order_update ON orders;
DROP TRIGGER tally_order_delete ON orders;
DROP FUNCTION order_tally_of_order();
DROP TABLE order_tally;

CREATE TABLE order_tally (
	org_id BIGINT NOT NULL,
	year   TEXT NOT NULL,
	kind   TEXT NOT NULL,
	n      BIGINT NOT NULL,
	amount BIGINT NOT NULL,
	PRIMARY KEY (org_id, year, kind)
);

CREATE VIEW order_tally_org AS
SELECT account_id, CASE WHEN status <> 'draft' THEN COALESCE(org_id, 0) ELSE 0 END AS org_id
FROM members;

-- The branch account acc counts its paid orders under now.
CREATE FUNCTION order_tally_org_of(acc BIGINT) RETURNS BIGINT
LANGUAGE sql STABLE AS $$
	SELECT COALESCE((SELECT org_id FROM order_tally_org WHERE account_id = $1), 0)
$$;

-- Add sign times account acc's paid orders to branch org's counts.
CREATE FUNCTION order_tally_move(acc BIGINT, org BIGINT, sign BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO order_tally AS t (org_id, year, kind, n, amount)
	SELECT org, strftime('%Y', o.paid_at, 'unixepoch', 'localtime'), o.kind,
	       sign * COUNT(*), sign * SUM(o.amount)
	FROM orders o WHERE o.account_id = acc AND o.status = 'paid' AND o.paid_at IS NOT NULL
	GROUP BY 2, 3
	ON CONFLICT (org_id, year, kind)
	DO UPDATE SET n = t.n + EXCLUDED.n, amount = t.amount + EXCLUDED.amount;
END
$$;

CREATE FUNCTION order_tally_of_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF current_setting('roster.tally_off', true) = 'on' THEN
		RETURN NULL;
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'paid' AND OLD.paid_at IS NOT NULL THEN
		UPDATE order_tally SET n = n - 1, amount = amount - OLD.amount
		WHERE org_id = order_tally_org_of(OLD.account_id)
		AND year = strftime('%Y', OLD.paid_at, 'unixepoch', 'localtime')
		AND kind = OLD.kind;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'paid' AND NEW.paid_at IS NOT NULL THEN
		INSERT INTO order_tally AS t (org_id, year, kind, n, amount)
		VALUES (order_tally_org_of(NEW.account_id),
		        strftime('%Y', NEW.paid_at, 'unixepoch', 'localtime'), NEW.kind, 1, NEW.amount)
		ON CONFLICT (org_id, year, kind)
		DO UPDATE SET n = t.n + 1, amount = t.amount + EXCLUDED.amount;
	END IF;
	RETURN NULL;
END
$$;

CREATE FUNCTION order_tally_of_member() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	was_org BIGINT := 0;
	now_org BIGINT := 0;
BEGIN
	IF current_setting('roster.tally_off', true) = 'on' THEN
		RETURN NULL;
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status <> 'draft' THEN
		was_org := COALESCE(OLD.org_id, 0);
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status <> 'draft' THEN
		now_org := COALESCE(NEW.org_id, 0);
	END IF;
	IF TG_OP = 'UPDATE' AND OLD.account_id <> NEW.account_id THEN
		PERFORM order_tally_move(OLD.account_id, was_org, -1);
		PERFORM order_tally_move(OLD.account_id, 0, 1);
		PERFORM order_tally_move(NEW.account_id, 0, -1);
		PERFORM order_tally_move(NEW.account_id, now_org, 1);
	ELSIF was_org <> now_org THEN
		PERFORM order_tally_move(CASE WHEN TG_OP = 'DELETE' THEN OLD.account_id
		                         ELSE NEW.account_id END, was_org, -1);
		PERFORM order_tally_move(CASE WHEN TG_OP = 'DELETE' THEN OLD.account_id
		                         ELSE NEW.account_id END, now_org, 1);
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER tally_order_insert AFTER INSERT ON orders
FOR EACH ROW EXECUTE FUNCTION order_tally_of_order();

CREATE TRIGGER tally_order_update
AFTER UPDATE OF status, paid_at, kind, amount, account_id ON orders
FOR EACH ROW EXECUTE FUNCTION order_tally_of_order();

CREATE TRIGGER tally_order_delete AFTER DELETE ON orders
FOR EACH ROW EXECUTE FUNCTION order_tally_of_order();

CREATE TRIGGER tally_order_member_insert AFTER INSERT ON members
FOR EACH ROW EXECUTE FUNCTION order_tally_of_member();

CREATE TRIGGER tally_order_member_update AFTER UPDATE OF account_id, status, org_id ON members
FOR EACH ROW EXECUTE FUNCTION order_tally_of_member();

CREATE TRIGGER tally_order_member_delete AFTER DELETE ON members
FOR EACH ROW EXECUTE FUNCTION order_tally_of_member();

DELETE FROM tally_stamp;
