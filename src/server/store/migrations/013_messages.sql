-- The message centre: one row per thing a member was told. Text is stored in
-- both languages; the client shows the one it speaks.

CREATE TABLE messages (
	id         INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	kind       TEXT NOT NULL,            -- application, order, payment, invoice, certificate, …
	title_zh   TEXT NOT NULL,
	title_en   TEXT NOT NULL,
	body_zh    TEXT NOT NULL,
	body_en    TEXT NOT NULL,
	ref_type   TEXT,                     -- what it is about: application, order, invoice, …
	ref_id     INTEGER,
	created_at INTEGER NOT NULL,
	read_at    INTEGER                   -- NULL = unread
);
CREATE INDEX messages_account ON messages(account_id, read_at);
