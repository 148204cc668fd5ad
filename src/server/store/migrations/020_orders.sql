-- Orders: dues for chosen calendar years, or a level change's fee
-- difference. Money is INTEGER fen, fixed when the order is made.

CREATE TABLE orders (
	id             INTEGER PRIMARY KEY,
	order_no       TEXT NOT NULL UNIQUE,        -- D20261129123456 / L…
	account_id     INTEGER NOT NULL REFERENCES accounts(id),
	kind           TEXT NOT NULL CHECK (kind IN ('dues', 'level_change')),
	status         TEXT NOT NULL DEFAULT 'unpaid'
	               CHECK (status IN ('unpaid', 'paid', 'cancelled', 'closed')),
	amount         INTEGER NOT NULL CHECK (amount > 0),   -- fen
	unit_fee       INTEGER NOT NULL CHECK (unit_fee >= 0), -- fen per year
	level_id       INTEGER NOT NULL REFERENCES levels(id), -- level paid for / new level
	from_level_id  INTEGER REFERENCES levels(id),          -- level_change: old level
	application_id INTEGER,                     -- level_change: approved application
	year_from      INTEGER,
	year_to        INTEGER,
	method         TEXT,                        -- 'qr' | 'bank_transfer' once paid
	provider       TEXT,                        -- 'sandbox', 'wechat', 'alipay'
	receipt_no     TEXT UNIQUE,                 -- R2026000001, set when paid
	created_at     INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL,
	paid_at        INTEGER,
	closes_at      INTEGER NOT NULL,            -- an unpaid order closes then
	version        INTEGER NOT NULL DEFAULT 1,  -- bumped on every change
	CHECK (year_to IS NULL OR year_to >= year_from)
);
CREATE INDEX orders_account ON orders(account_id, created_at);
CREATE INDEX orders_status ON orders(status, closes_at);

-- The years a dues order covers. A year is "live" while its order is unpaid
-- or paid; the partial unique index makes sure no year of an account is ever
-- held by two live orders, so dues are never counted twice.
CREATE TABLE order_years (
	order_id   INTEGER NOT NULL REFERENCES orders(id),
	account_id INTEGER NOT NULL,
	year       INTEGER NOT NULL,
	live       INTEGER NOT NULL DEFAULT 1,
	PRIMARY KEY (order_id, year)
);
CREATE UNIQUE INDEX order_years_live ON order_years(account_id, year) WHERE live = 1;
