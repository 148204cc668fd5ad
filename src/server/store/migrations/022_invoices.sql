-- Invoices (发票) asked for an order: one per order, editable while
-- requested; staff issue it with the number and the file.

CREATE TABLE invoices (
	id           INTEGER PRIMARY KEY,
	order_id     INTEGER NOT NULL UNIQUE REFERENCES orders(id),
	account_id   INTEGER NOT NULL REFERENCES accounts(id),
	status       TEXT NOT NULL DEFAULT 'requested'
	             CHECK (status IN ('requested', 'issued', 'cancelled')),
	title_type   TEXT NOT NULL CHECK (title_type IN ('personal', 'organisation')),
	title        TEXT NOT NULL,
	tax_no       TEXT,
	kind         TEXT NOT NULL CHECK (kind IN ('normal', 'special')),
	address      TEXT,                         -- special only
	phone        TEXT,
	bank         TEXT,
	bank_account TEXT,
	email        TEXT NOT NULL,
	amount       INTEGER NOT NULL,             -- fen, the order's
	invoice_no   TEXT,
	file         BLOB,                         -- the issued invoice (PDF)
	file_sha256  TEXT,
	requested_at INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL,
	issued_at    INTEGER,
	issued_by    INTEGER REFERENCES accounts(id),
	CHECK (kind = 'normal' OR title_type = 'organisation')
);
CREATE INDEX invoices_account ON invoices(account_id, requested_at);
CREATE INDEX invoices_status ON invoices(status, requested_at);
