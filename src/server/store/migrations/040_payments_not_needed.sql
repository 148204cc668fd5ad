-- A bank transfer that was waiting for staff when the order was paid by a
-- QR payment is closed as 'not_needed' (never 'rejected': nothing was wrong
-- with it). SQLite cannot widen a CHECK in place, so payments is rebuilt,
-- and pay_events with it (it refers to payments; it is rebuilt first
-- against the new table, so no reference is ever left dangling).
--
-- Two repairs of what earlier versions recorded:
-- * a second notification of the trade that paid an order turned that
--   payment into 'refund_due'; it is 'succeeded' again, and the later
--   notification is recorded as a duplicate;
-- * a transfer still 'pending' on an order that is paid is 'not_needed'.

CREATE TABLE payments_new (
	id            INTEGER PRIMARY KEY,
	order_id      INTEGER NOT NULL REFERENCES orders(id),
	account_id    INTEGER NOT NULL REFERENCES accounts(id),
	method        TEXT NOT NULL CHECK (method IN ('qr', 'bank_transfer')),
	provider      TEXT,
	token         TEXT UNIQUE,
	code_url      TEXT,
	amount        INTEGER NOT NULL CHECK (amount > 0),
	status        TEXT NOT NULL DEFAULT 'pending'
	              CHECK (status IN ('pending', 'succeeded', 'expired', 'rejected',
	                                'refund_due', 'not_needed')),
	payer_name    TEXT,
	bank          TEXT,
	account_tail  TEXT,
	transfer_date TEXT,
	reference     TEXT,
	scan          BLOB,
	scan_type     TEXT,
	scan_sha256   TEXT,
	reason        TEXT,
	reviewed_by   INTEGER REFERENCES accounts(id),
	reviewed_at   INTEGER,
	event_id      TEXT,
	created_at    INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL,
	expires_at    INTEGER,
	paid_at       INTEGER
);
INSERT INTO payments_new (id, order_id, account_id, method, provider, token, code_url,
	amount, status, payer_name, bank, account_tail, transfer_date, reference, scan,
	scan_type, scan_sha256, reason, reviewed_by, reviewed_at, event_id, created_at,
	updated_at, expires_at, paid_at)
SELECT id, order_id, account_id, method, provider, token, code_url,
	amount, status, payer_name, bank, account_tail, transfer_date, reference, scan,
	scan_type, scan_sha256, reason, reviewed_by, reviewed_at, event_id, created_at,
	updated_at, expires_at, paid_at
FROM payments;

-- outcome: 'paid', 'refund_due', or 'duplicate' (a trade counted already)
CREATE TABLE pay_events_new (
	id          INTEGER PRIMARY KEY,
	provider    TEXT NOT NULL,
	event_id    TEXT NOT NULL,
	order_id    INTEGER REFERENCES orders(id),
	payment_id  INTEGER REFERENCES payments_new(id),
	amount      INTEGER NOT NULL,
	outcome     TEXT NOT NULL,
	received_at INTEGER NOT NULL,
	UNIQUE (provider, event_id)
);
INSERT INTO pay_events_new (id, provider, event_id, order_id, payment_id, amount, outcome,
	received_at)
SELECT id, provider, event_id, order_id, payment_id, amount, outcome, received_at
FROM pay_events;

DROP TABLE pay_events;
DROP TABLE payments;
-- renaming also turns pay_events' reference to payments_new into payments
ALTER TABLE payments_new RENAME TO payments;
ALTER TABLE pay_events_new RENAME TO pay_events;

CREATE INDEX payments_order ON payments(order_id);
CREATE INDEX payments_review ON payments(method, status, created_at);
CREATE UNIQUE INDEX payments_one_review ON payments(order_id)
	WHERE method = 'bank_transfer' AND status = 'pending';
CREATE INDEX payments_refunds ON payments(status, updated_at) WHERE status = 'refund_due';

-- the payment that paid its order, flipped by a later notice of its trade
UPDATE pay_events SET outcome = 'duplicate'
WHERE outcome = 'refund_due' AND payment_id IN (
	SELECT e.payment_id FROM pay_events e WHERE e.outcome = 'paid');
UPDATE payments SET status = 'succeeded',
	event_id = (SELECT e.event_id FROM pay_events e
	            WHERE e.payment_id = payments.id AND e.outcome = 'paid'
	            ORDER BY e.id LIMIT 1)
WHERE status = 'refund_due' AND EXISTS (
	SELECT 1 FROM pay_events e WHERE e.payment_id = payments.id AND e.outcome = 'paid');

-- transfers left waiting on a paid order
UPDATE payments SET status = 'not_needed', updated_at = CAST(strftime('%s', 'now') AS INTEGER)
WHERE method = 'bank_transfer' AND status = 'pending'
	AND order_id IN (SELECT id FROM orders WHERE status = 'paid');
