-- Phone hand-off links: a short token (only its SHA-256 is kept) that lets a
-- phone upload one file into an application or download one document,
-- once, for a few minutes.

CREATE TABLE handoffs (
	id             INTEGER PRIMARY KEY,
	token_hash     BLOB NOT NULL UNIQUE,
	account_id     INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	purpose        TEXT NOT NULL CHECK (purpose IN ('upload_attachment', 'download')),
	doc            TEXT,                 -- download: application_form, certificate, receipt:<order id>, attachment:<id>
	application_id INTEGER REFERENCES applications(id) ON DELETE CASCADE,
	created_at     INTEGER NOT NULL,
	expires_at     INTEGER NOT NULL,
	used_at        INTEGER
);
CREATE INDEX handoffs_account ON handoffs(account_id);
