-- Payment attempts at real gateways, and refunds.
--
-- A QR payment row is one attempt: its token is the out_trade_no the
-- gateway knows it by ("<order_no>_<n>"). gateway_no is the gateway's own
-- number of the trade (WeChat transaction_id, Alipay trade_no), closed_at
-- when the attempt was closed at the gateway (the member left the code, or
-- the order ended), checked_at when reconciliation last asked about it.

ALTER TABLE payments ADD COLUMN gateway_no TEXT;
ALTER TABLE payments ADD COLUMN closed_at INTEGER;
ALTER TABLE payments ADD COLUMN checked_at INTEGER;
CREATE INDEX payments_day ON payments(method, created_at);

-- Money given back: full or partial, for a payment that paid an order twice
-- (refund_due) or for a membership that ended. refund_no is the number the
-- gateway knows the refund by (WeChat out_refund_no, Alipay out_request_no):
-- asking again with it never refunds twice.
CREATE TABLE refunds (
	id            INTEGER PRIMARY KEY,
	order_id      INTEGER NOT NULL REFERENCES orders(id),
	payment_id    INTEGER NOT NULL REFERENCES payments(id),
	account_id    INTEGER NOT NULL REFERENCES accounts(id),
	provider      TEXT NOT NULL,               -- 'wechat', 'alipay', 'sandbox', 'bank_transfer'
	refund_no     TEXT NOT NULL UNIQUE,
	amount        INTEGER NOT NULL CHECK (amount > 0),   -- fen
	cause         TEXT NOT NULL CHECK (cause IN ('paid_twice', 'membership_ended', 'other')),
	reason        TEXT NOT NULL,               -- shown to the member and the payer's app
	status        TEXT NOT NULL DEFAULT 'processing'
	              CHECK (status IN ('processing', 'succeeded', 'failed')),
	gateway_refund_no TEXT,
	failure       TEXT,                        -- the gateway's reason, when it failed
	requested_by  INTEGER REFERENCES accounts(id),
	request_key   TEXT,                        -- the staff request's Idempotency-Key
	created_at    INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL,
	finished_at   INTEGER
);
CREATE INDEX refunds_order ON refunds(order_id);
CREATE UNIQUE INDEX refunds_request ON refunds(payment_id, request_key)
	WHERE request_key IS NOT NULL;
CREATE INDEX refunds_status ON refunds(status, created_at);
