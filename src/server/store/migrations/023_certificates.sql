-- Member certificates (会员证书): a new row on every issue (first
-- activation, each payment, a change of what it shows). What was printed is
-- kept so a verification says what the paper says.

CREATE TABLE certificates (
	id          INTEGER PRIMARY KEY,
	cert_no     TEXT NOT NULL UNIQUE,          -- C2026000001
	account_id  INTEGER NOT NULL REFERENCES accounts(id),
	member_no   TEXT NOT NULL,
	name        TEXT NOT NULL,
	member_type TEXT NOT NULL,
	level_id    INTEGER NOT NULL REFERENCES levels(id),
	valid_until TEXT NOT NULL,                 -- YYYY-MM-DD
	issued_at   INTEGER NOT NULL,
	issue_date  TEXT NOT NULL                  -- YYYY-MM-DD, China time
);
CREATE INDEX certificates_account ON certificates(account_id, id);
