-- Counts kept as the rows change, so the register's total and the
-- statistics (GET /members, GET /stats) are read from a few dozen rows
-- instead of every member and every paid order (staff_queries.c).
--
-- member_tally: member accounts counted by what the register's filters and
-- statistics group by. A status of 'active' keeps its valid_until, because
-- whether it reads as grace or expired depends on the day it is read; every
-- other status keeps ''. The level and branch are 0 until the join is
-- submitted (a draft's are the applicant's alone), as in staff_queries.c.
-- numbered: the member has a member number (the register lists those first).
--
-- order_tally: paid orders counted by the association's year of payment and
-- kind. That year depends on association.timezone, which tally_stamp
-- records: when rosterd starts with another zone (or on a database made
-- before this file) both tallies are counted again from the tables
-- (store/tallies.c). Triggers keep them in step between.
--
-- Rows that fall to 0 stay; readers sum.

CREATE TABLE member_tally (
	status      TEXT NOT NULL,
	level_id    INTEGER NOT NULL,
	org_id      INTEGER NOT NULL,
	valid_until TEXT NOT NULL,
	numbered    INTEGER NOT NULL,
	n           INTEGER NOT NULL,
	PRIMARY KEY (status, level_id, org_id, valid_until, numbered)
);

CREATE TABLE order_tally (
	year   TEXT NOT NULL,
	kind   TEXT NOT NULL,
	n      INTEGER NOT NULL,
	amount INTEGER NOT NULL,
	PRIMARY KEY (year, kind)
);

CREATE TABLE tally_stamp (
	zone TEXT NOT NULL
);

-- Every account with the key its member row (if any) counts under.
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

CREATE TRIGGER tally_account_insert AFTER INSERT ON accounts WHEN new.role = 'member'
BEGIN
	INSERT INTO member_tally (status, level_id, org_id, valid_until, numbered, n)
	SELECT status, level_id, org_id, valid_until, numbered, 1 FROM member_tally_key
	WHERE account_id = new.id
	ON CONFLICT (status, level_id, org_id, valid_until, numbered) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER tally_account_role AFTER UPDATE OF role ON accounts
WHEN old.role IS NOT new.role AND (old.role = 'member' OR new.role = 'member')
BEGIN
	INSERT INTO member_tally (status, level_id, org_id, valid_until, numbered, n)
	SELECT status, level_id, org_id, valid_until, numbered,
		CASE WHEN new.role = 'member' THEN 1 ELSE -1 END
	FROM member_tally_key WHERE account_id = new.id
	ON CONFLICT (status, level_id, org_id, valid_until, numbered)
	DO UPDATE SET n = n + excluded.n;
END;

-- before: the member row is still there to say what the account counted as
CREATE TRIGGER tally_account_delete BEFORE DELETE ON accounts WHEN old.role = 'member'
BEGIN
	UPDATE member_tally SET n = n - 1
	WHERE (status, level_id, org_id, valid_until, numbered) IN
		(SELECT status, level_id, org_id, valid_until, numbered FROM member_tally_key
		 WHERE account_id = old.id);
END;

-- a member row of a member account: from the draft without one to its own
CREATE TRIGGER tally_member_insert AFTER INSERT ON members
WHEN EXISTS (SELECT 1 FROM accounts WHERE id = new.account_id AND role = 'member')
BEGIN
	UPDATE member_tally SET n = n - 1
	WHERE status = 'draft' AND level_id = 0 AND org_id = 0 AND valid_until = ''
	AND numbered = 0;
	INSERT INTO member_tally (status, level_id, org_id, valid_until, numbered, n)
	SELECT status, level_id, org_id, valid_until, numbered, 1 FROM member_tally_key
	WHERE account_id = new.account_id
	ON CONFLICT (status, level_id, org_id, valid_until, numbered) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER tally_member_update
AFTER UPDATE OF account_id, status, level_id, org_id, valid_until, member_no ON members
BEGIN
	UPDATE member_tally SET n = n - 1
	WHERE EXISTS (SELECT 1 FROM accounts WHERE id = old.account_id AND role = 'member')
	AND status = old.status
	AND level_id = CASE WHEN old.status <> 'draft' THEN COALESCE(old.level_id, 0) ELSE 0 END
	AND org_id = CASE WHEN old.status <> 'draft' THEN COALESCE(old.org_id, 0) ELSE 0 END
	AND valid_until = CASE WHEN old.status = 'active' THEN COALESCE(old.valid_until, '')
	                  ELSE '' END
	AND numbered = CASE WHEN old.member_no IS NOT NULL THEN 1 ELSE 0 END;
	INSERT INTO member_tally (status, level_id, org_id, valid_until, numbered, n)
	SELECT status, level_id, org_id, valid_until, numbered, 1 FROM member_tally_key
	WHERE account_id = new.account_id AND role = 'member'
	ON CONFLICT (status, level_id, org_id, valid_until, numbered) DO UPDATE SET n = n + 1;
END;

-- the account stays (a deleted account took its count with it, above)
CREATE TRIGGER tally_member_delete AFTER DELETE ON members
WHEN EXISTS (SELECT 1 FROM accounts WHERE id = old.account_id AND role = 'member')
BEGIN
	UPDATE member_tally SET n = n - 1
	WHERE status = old.status
	AND level_id = CASE WHEN old.status <> 'draft' THEN COALESCE(old.level_id, 0) ELSE 0 END
	AND org_id = CASE WHEN old.status <> 'draft' THEN COALESCE(old.org_id, 0) ELSE 0 END
	AND valid_until = CASE WHEN old.status = 'active' THEN COALESCE(old.valid_until, '')
	                  ELSE '' END
	AND numbered = CASE WHEN old.member_no IS NOT NULL THEN 1 ELSE 0 END;
	INSERT INTO member_tally (status, level_id, org_id, valid_until, numbered, n)
	VALUES ('draft', 0, 0, '', 0, 1)
	ON CONFLICT (status, level_id, org_id, valid_until, numbered) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER tally_order_insert AFTER INSERT ON orders
WHEN new.status = 'paid' AND new.paid_at IS NOT NULL
BEGIN
	INSERT INTO order_tally (year, kind, n, amount)
	VALUES (strftime('%Y', new.paid_at, 'unixepoch', 'localtime'), new.kind, 1, new.amount)
	ON CONFLICT (year, kind) DO UPDATE SET n = n + 1, amount = amount + excluded.amount;
END;

CREATE TRIGGER tally_order_update AFTER UPDATE OF status, paid_at, kind, amount ON orders
BEGIN
	UPDATE order_tally SET n = n - 1, amount = amount - old.amount
	WHERE old.status = 'paid' AND old.paid_at IS NOT NULL
	AND year = strftime('%Y', old.paid_at, 'unixepoch', 'localtime') AND kind = old.kind;
	INSERT INTO order_tally (year, kind, n, amount)
	SELECT strftime('%Y', new.paid_at, 'unixepoch', 'localtime'), new.kind, 1, new.amount
	WHERE new.status = 'paid' AND new.paid_at IS NOT NULL
	ON CONFLICT (year, kind) DO UPDATE SET n = n + 1, amount = amount + excluded.amount;
END;

CREATE TRIGGER tally_order_delete AFTER DELETE ON orders
WHEN old.status = 'paid' AND old.paid_at IS NOT NULL
BEGIN
	UPDATE order_tally SET n = n - 1, amount = amount - old.amount
	WHERE year = strftime('%Y', old.paid_at, 'unixepoch', 'localtime') AND kind = old.kind;
END;
