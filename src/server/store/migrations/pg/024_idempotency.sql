-- Answers to requests sent with an Idempotency-Key, so a retry gets the
-- first answer instead of a second order or payment. Purged after a day.

CREATE TABLE idempotency (
	account_id   BIGINT NOT NULL REFERENCES accounts(id),
	idem_key     TEXT NOT NULL,
	scope        TEXT NOT NULL,                -- method and path
	request_hash TEXT NOT NULL,                -- SHA-256 of the body, hex
	status       BIGINT NOT NULL,
	response     TEXT NOT NULL,
	created_at   BIGINT NOT NULL,
	PRIMARY KEY (account_id, idem_key)
);
CREATE INDEX idempotency_age ON idempotency(created_at);
