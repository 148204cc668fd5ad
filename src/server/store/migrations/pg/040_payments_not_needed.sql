-- A bank transfer that was waiting for staff when the order was paid by a
-- QR payment is closed as 'not_needed' (never 'rejected': nothing was wrong
-- with it). pay_events.outcome may now also be 'duplicate' (a trade
-- counted already); that column has no CHECK, so nothing changes there.
--
-- PostgreSQL: the CHECK is replaced in place, where SQLite rebuilds
-- payments and pay_events; the columns, their order and the indexes come
-- out the same. The two repairs the SQLite file makes (payments wrongly
-- turned 'refund_due' by a second notice of their trade, transfers left
-- pending on a paid order) mend rows that only versions older than the
-- PostgreSQL backend wrote; a PostgreSQL database has none.

ALTER TABLE payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check
	CHECK (status IN ('pending', 'succeeded', 'expired', 'rejected',
	                  'refund_due', 'not_needed'));

CREATE INDEX payments_refunds ON payments(status, updated_at) WHERE status = 'refund_due';
