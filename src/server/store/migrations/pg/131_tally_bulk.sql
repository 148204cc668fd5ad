-- Inside a seed or an import (store_tallies_pause: the transaction's
-- roster.tally_off is 'on') the tally triggers count nothing: one tally row
-- updated for each of a million rows in one transaction would make each
-- update walk every version of it made before. store_tallies_recount counts
-- everything again before that transaction commits.

CREATE OR REPLACE FUNCTION member_tally_of_account() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF current_setting('roster.tally_off', true) = 'on' THEN
		IF TG_OP = 'DELETE' AND TG_WHEN = 'BEFORE' THEN
			RETURN OLD;
		END IF;
		RETURN NULL;
	END IF;
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

CREATE OR REPLACE FUNCTION member_tally_of_member() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF current_setting('roster.tally_off', true) = 'on' THEN
		IF TG_OP = 'DELETE' AND TG_WHEN = 'BEFORE' THEN
			RETURN OLD;
		END IF;
		RETURN NULL;
	END IF;
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

CREATE OR REPLACE FUNCTION order_tally_of_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF current_setting('roster.tally_off', true) = 'on' THEN
		IF TG_OP = 'DELETE' AND TG_WHEN = 'BEFORE' THEN
			RETURN OLD;
		END IF;
		RETURN NULL;
	END IF;
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
