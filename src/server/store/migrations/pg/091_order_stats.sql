-- Money received per year (GET /stats) reads paid orders by payment time:
-- an index that holds every column that query needs, so it never reads
-- the orders themselves (a million of them at a national association).
CREATE INDEX orders_paid ON orders(status, paid_at, kind, amount, account_id);
