-- Payments: attempts to pay an order, by QR through a provider or by bank
-- transfer confirmed by staff; and the provider events already processed.

CREATE TABLE payments (
	id            INTEGER PRIMARY KEY,
	order_id      INTEGER NOT NULL REFERENCES orders(id),
	account_id    INTEGER NOT NULL REFERENCES accounts(id),
	method        TEXT NOT NULL CHECK (method IN ('qr', 'bank_transfer')),
	provider      TEXT,                        -- qr: 'sandbox', …
	token         TEXT UNIQUE,                 -- qr: the provider's trade key
	code_url      TEXT,                        -- qr: what the QR code encodes
	amount        INTEGER NOT NULL CHECK (amount > 0),   -- fen
	status        TEXT NOT NULL DEFAULT 'pending'
	              CHECK (status IN ('pending', 'succeeded', 'expired', 'rejected',
	                                'refund_due')),
	-- bank transfer, as the payer reported it
	payer_name    TEXT,
	bank          TEXT,
	account_tail  TEXT,
	transfer_date TEXT,                        -- YYYY-MM-DD
	reference     TEXT,
	scan          BLOB,                        -- optional receipt scan
	scan_type     TEXT,                        -- application/pdf, image/png, image/jpeg
	scan_sha256   TEXT,
	reason        TEXT,                        -- why staff rejected it
	reviewed_by   INTEGER REFERENCES accounts(id),
	reviewed_at   INTEGER,
	event_id      TEXT,                        -- provider event that settled it
	created_at    INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL,
	expires_at    INTEGER,                     -- qr: the code stops working
	paid_at       INTEGER
);
CREATE INDEX payments_order ON payments(order_id);
CREATE INDEX payments_review ON payments(method, status, created_at);
-- at most one bank transfer of an order waits for staff at a time
CREATE UNIQUE INDEX payments_one_review ON payments(order_id)
	WHERE method = 'bank_transfer' AND status = 'pending';

-- Every provider event handled, under a unique key: the insert happens in
-- the transaction that changes the order, so a replay changes nothing.
CREATE TABLE pay_events (
	id          INTEGER PRIMARY KEY,
	provider    TEXT NOT NULL,
	event_id    TEXT NOT NULL,
	order_id    INTEGER REFERENCES orders(id),
	payment_id  INTEGER REFERENCES payments(id),
	amount      INTEGER NOT NULL,
	outcome     TEXT NOT NULL,                 -- 'paid', 'refund_due'
	received_at INTEGER NOT NULL,
	UNIQUE (provider, event_id)
);
