-- Paid orders counted by branch too, so a branch's dues by year (its
-- officer's GET /stats) are read from its tally rows instead of every paid
-- order of its members, with each one's year worked out (200,000 members:
-- about 140,000 orders for Beijing, 0.4 s).
--
-- org_id is the branch the order's account counts under: its member row's
-- once the join is submitted, else 0 (as member_tally_key has it). HQ sums
-- every branch's rows. A member a branch join added to another branch is
-- not counted there: few are, and staff_queries.c reads their orders live.
--
-- The member triggers read the account's orders by orders_account: left to
-- choose, SQLite read every paid order along orders_paid (0.14 s at
-- 1,000,000 orders for each join submitted).
--
-- The order triggers count an order under its account's branch as it is
-- then; the member triggers move the account's paid orders when that branch
-- changes (a member moved, a join submitted or made a draft again, a member
-- row added or deleted). Either may come first: each reads the other's
-- table as it is.
--
-- tally_stamp is emptied, so rosterd counts every tally again at its next
-- start, in its zone (store/tallies.c).

DROP TRIGGER tally_order_insert;
DROP TRIGGER tally_order_update;
DROP TRIGGER tally_order_delete;
DROP TABLE order_tally;

CREATE TABLE order_tally (
	org_id INTEGER NOT NULL,
	year   TEXT NOT NULL,
	kind   TEXT NOT NULL,
	n      INTEGER NOT NULL,
	amount INTEGER NOT NULL,
	PRIMARY KEY (org_id, year, kind)
);

-- The branch each member row's account counts its paid orders under; an
-- account without one counts under 0.
CREATE VIEW order_tally_org AS
SELECT account_id, CASE WHEN status <> 'draft' THEN COALESCE(org_id, 0) ELSE 0 END AS org_id
FROM members;

CREATE TRIGGER tally_order_insert AFTER INSERT ON orders
WHEN new.status = 'paid' AND new.paid_at IS NOT NULL
BEGIN
	INSERT INTO order_tally (org_id, year, kind, n, amount)
	VALUES (COALESCE((SELECT org_id FROM order_tally_org WHERE account_id = new.account_id), 0),
	        strftime('%Y', new.paid_at, 'unixepoch', 'localtime'), new.kind, 1, new.amount)
	ON CONFLICT (org_id, year, kind) DO UPDATE SET n = n + 1, amount = amount + excluded.amount;
END;

CREATE TRIGGER tally_order_update
AFTER UPDATE OF status, paid_at, kind, amount, account_id ON orders
BEGIN
	UPDATE order_tally SET n = n - 1, amount = amount - old.amount
	WHERE old.status = 'paid' AND old.paid_at IS NOT NULL
	AND org_id = COALESCE((SELECT org_id FROM order_tally_org
	                       WHERE account_id = old.account_id), 0)
	AND year = strftime('%Y', old.paid_at, 'unixepoch', 'localtime') AND kind = old.kind;
	INSERT INTO order_tally (org_id, year, kind, n, amount)
	SELECT COALESCE((SELECT org_id FROM order_tally_org WHERE account_id = new.account_id), 0),
	       strftime('%Y', new.paid_at, 'unixepoch', 'localtime'), new.kind, 1, new.amount
	WHERE new.status = 'paid' AND new.paid_at IS NOT NULL
	ON CONFLICT (org_id, year, kind) DO UPDATE SET n = n + 1, amount = amount + excluded.amount;
END;

CREATE TRIGGER tally_order_delete AFTER DELETE ON orders
WHEN old.status = 'paid' AND old.paid_at IS NOT NULL
BEGIN
	UPDATE order_tally SET n = n - 1, amount = amount - old.amount
	WHERE org_id = COALESCE((SELECT org_id FROM order_tally_org
	                         WHERE account_id = old.account_id), 0)
	AND year = strftime('%Y', old.paid_at, 'unixepoch', 'localtime') AND kind = old.kind;
END;

-- The account's paid orders, counted under branch 0 until now: under its
-- member row's branch from now.
CREATE TRIGGER tally_order_member_insert AFTER INSERT ON members
WHEN new.status <> 'draft' AND COALESCE(new.org_id, 0) <> 0
BEGIN
	INSERT INTO order_tally (org_id, year, kind, n, amount)
	SELECT 0, strftime('%Y', paid_at, 'unixepoch', 'localtime'), kind, -COUNT(*), -SUM(amount)
	FROM orders INDEXED BY orders_account WHERE account_id = new.account_id AND status = 'paid' AND paid_at IS NOT NULL
	GROUP BY 2, 3
	ON CONFLICT (org_id, year, kind) DO UPDATE SET n = n + excluded.n,
		amount = amount + excluded.amount;
	INSERT INTO order_tally (org_id, year, kind, n, amount)
	SELECT new.org_id, strftime('%Y', paid_at, 'unixepoch', 'localtime'), kind, COUNT(*),
	       SUM(amount)
	FROM orders INDEXED BY orders_account WHERE account_id = new.account_id AND status = 'paid' AND paid_at IS NOT NULL
	GROUP BY 2, 3
	ON CONFLICT (org_id, year, kind) DO UPDATE SET n = n + excluded.n,
		amount = amount + excluded.amount;
END;

-- Out of the old row's branch (its account's orders), into the new row's
-- (its account's); when the row changed accounts, each account's orders
-- also go to or come from 0.
CREATE TRIGGER tally_order_member_update AFTER UPDATE OF account_id, status, org_id ON members
WHEN old.account_id <> new.account_id
OR (CASE WHEN old.status <> 'draft' THEN COALESCE(old.org_id, 0) ELSE 0 END)
   <> (CASE WHEN new.status <> 'draft' THEN COALESCE(new.org_id, 0) ELSE 0 END)
BEGIN
	INSERT INTO order_tally (org_id, year, kind, n, amount)
	SELECT CASE WHEN old.status <> 'draft' THEN COALESCE(old.org_id, 0) ELSE 0 END,
	       strftime('%Y', paid_at, 'unixepoch', 'localtime'), kind, -COUNT(*), -SUM(amount)
	FROM orders INDEXED BY orders_account WHERE account_id = old.account_id AND status = 'paid' AND paid_at IS NOT NULL
	GROUP BY 2, 3
	ON CONFLICT (org_id, year, kind) DO UPDATE SET n = n + excluded.n,
		amount = amount + excluded.amount;
	INSERT INTO order_tally (org_id, year, kind, n, amount)
	SELECT 0, strftime('%Y', paid_at, 'unixepoch', 'localtime'), kind, COUNT(*), SUM(amount)
	FROM orders INDEXED BY orders_account WHERE account_id = old.account_id AND old.account_id <> new.account_id
	AND status = 'paid' AND paid_at IS NOT NULL
	GROUP BY 2, 3
	ON CONFLICT (org_id, year, kind) DO UPDATE SET n = n + excluded.n,
		amount = amount + excluded.amount;
	INSERT INTO order_tally (org_id, year, kind, n, amount)
	SELECT 0, strftime('%Y', paid_at, 'unixepoch', 'localtime'), kind, -COUNT(*), -SUM(amount)
	FROM orders INDEXED BY orders_account WHERE account_id = new.account_id AND old.account_id <> new.account_id
	AND status = 'paid' AND paid_at IS NOT NULL
	GROUP BY 2, 3
	ON CONFLICT (org_id, year, kind) DO UPDATE SET n = n + excluded.n,
		amount = amount + excluded.amount;
	INSERT INTO order_tally (org_id, year, kind, n, amount)
	SELECT CASE WHEN new.status <> 'draft' THEN COALESCE(new.org_id, 0) ELSE 0 END,
	       strftime('%Y', paid_at, 'unixepoch', 'localtime'), kind, COUNT(*), SUM(amount)
	FROM orders INDEXED BY orders_account WHERE account_id = new.account_id AND status = 'paid' AND paid_at IS NOT NULL
	GROUP BY 2, 3
	ON CONFLICT (org_id, year, kind) DO UPDATE SET n = n + excluded.n,
		amount = amount + excluded.amount;
END;

CREATE TRIGGER tally_order_member_delete AFTER DELETE ON members
WHEN old.status <> 'draft' AND COALESCE(old.org_id, 0) <> 0
BEGIN
	INSERT INTO order_tally (org_id, year, kind, n, amount)
	SELECT old.org_id, strftime('%Y', paid_at, 'unixepoch', 'localtime'), kind, -COUNT(*),
	       -SUM(amount)
	FROM orders INDEXED BY orders_account WHERE account_id = old.account_id AND status = 'paid' AND paid_at IS NOT NULL
	GROUP BY 2, 3
	ON CONFLICT (org_id, year, kind) DO UPDATE SET n = n + excluded.n,
		amount = amount + excluded.amount;
	INSERT INTO order_tally (org_id, year, kind, n, amount)
	SELECT 0, strftime('%Y', paid_at, 'unixepoch', 'localtime'), kind, COUNT(*), SUM(amount)
	FROM orders INDEXED BY orders_account WHERE account_id = old.account_id AND status = 'paid' AND paid_at IS NOT NULL
	GROUP BY 2, 3
	ON CONFLICT (org_id, year, kind) DO UPDATE SET n = n + excluded.n,
		amount = amount + excluded.amount;
END;

DELETE FROM tally_stamp;
