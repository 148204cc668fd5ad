-- The documents a member asks for an order (我的票据) come in the kinds the
-- association offers: the dues receipt (社会团体会费统一收据, an electronic
-- financial receipt from the provincial system; payer a person or a unit,
-- with its unified social credit code in tax_no) and VAT fapiao, normal
-- (普票) or special (专票). SQLite cannot widen a CHECK in place, so the
-- table is rebuilt; nothing refers to it.

CREATE TABLE invoices_new (
	id           INTEGER PRIMARY KEY,
	order_id     INTEGER NOT NULL UNIQUE REFERENCES orders(id),
	account_id   INTEGER NOT NULL REFERENCES accounts(id),
	status       TEXT NOT NULL DEFAULT 'requested'
	             CHECK (status IN ('requested', 'issued', 'cancelled')),
	title_type   TEXT NOT NULL CHECK (title_type IN ('personal', 'organisation')),
	title        TEXT NOT NULL,
	tax_no       TEXT,                         -- tax number / unified social credit code
	kind         TEXT NOT NULL CHECK (kind IN ('dues_receipt', 'normal', 'special')),
	address      TEXT,                         -- special only
	phone        TEXT,
	bank         TEXT,
	bank_account TEXT,
	email        TEXT NOT NULL,
	amount       INTEGER NOT NULL,             -- fen, the order's
	invoice_no   TEXT,
	file         BLOB,                         -- the issued document (PDF)
	file_sha256  TEXT,
	requested_at INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL,
	issued_at    INTEGER,
	issued_by    INTEGER REFERENCES accounts(id),
	CHECK (kind <> 'special' OR title_type = 'organisation')
);
INSERT INTO invoices_new SELECT id, order_id, account_id, status, title_type, title, tax_no,
	kind, address, phone, bank, bank_account, email, amount, invoice_no, file, file_sha256,
	requested_at, updated_at, issued_at, issued_by FROM invoices;
DROP TABLE invoices;
ALTER TABLE invoices_new RENAME TO invoices;
CREATE INDEX invoices_account ON invoices(account_id, requested_at);
CREATE INDEX invoices_status ON invoices(status, requested_at);
