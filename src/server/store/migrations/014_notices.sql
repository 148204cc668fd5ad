-- Notices (公告动态) published by HQ staff; everyone reads them.

CREATE TABLE notices (
	id         INTEGER PRIMARY KEY,
	title      TEXT NOT NULL,
	body       TEXT NOT NULL,
	title_en   TEXT,                     -- optional English version
	body_en    TEXT,
	pinned     INTEGER NOT NULL DEFAULT 0,
	author_id  INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX notices_order ON notices(pinned DESC, created_at DESC);
