-- Staff administration: the account's language (mail and messages reach a
-- member in it), notices of a branch, invoice requests that can be
-- rejected, voided invoices kept with their numbers, unique invoice
-- numbers, the audit log read by date, and the queue of messages to send.

-- 'zh' or 'en'; NULL = the server's language. Set from Accept-Language at
-- registration and login, or by the member.
ALTER TABLE accounts ADD COLUMN language TEXT CHECK (language IN ('zh', 'en'));

-- A notice of one branch (published by its officers), NULL = the whole
-- association.
ALTER TABLE notices ADD COLUMN org_id INTEGER REFERENCES orgs(id);
CREATE INDEX notices_org ON notices(org_id);

-- invoices again (as 061 left them), with 'rejected' (staff refused the
-- request with a reason; the member may correct it and ask again) and the
-- reason.
CREATE TABLE invoices_070 (
	id            INTEGER PRIMARY KEY,
	order_id      INTEGER NOT NULL UNIQUE REFERENCES orders(id),
	account_id    INTEGER NOT NULL REFERENCES accounts(id),
	status        TEXT NOT NULL DEFAULT 'requested'
	              CHECK (status IN ('requested', 'issued', 'cancelled', 'rejected')),
	title_type    TEXT NOT NULL CHECK (title_type IN ('personal', 'organisation')),
	title         TEXT NOT NULL,
	tax_no        TEXT,
	kind          TEXT NOT NULL CHECK (kind IN ('dues_receipt', 'normal', 'special')),
	address       TEXT,
	phone         TEXT,
	bank          TEXT,
	bank_account  TEXT,
	email         TEXT NOT NULL,
	amount        INTEGER NOT NULL,
	invoice_no    TEXT,
	file          BLOB,
	file_sha256   TEXT,
	requested_at  INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL,
	issued_at     INTEGER,
	issued_by     INTEGER REFERENCES accounts(id),
	status_reason TEXT,                         -- why staff rejected it
	CHECK (kind <> 'special' OR title_type = 'organisation')
);
INSERT INTO invoices_070 (id, order_id, account_id, status, title_type, title, tax_no, kind,
	address, phone, bank, bank_account, email, amount, invoice_no, file, file_sha256,
	requested_at, updated_at, issued_at, issued_by)
	SELECT id, order_id, account_id, status, title_type, title, tax_no, kind,
	address, phone, bank, bank_account, email, amount, invoice_no, file, file_sha256,
	requested_at, updated_at, issued_at, issued_by FROM invoices;
DROP TABLE invoices;
ALTER TABLE invoices_070 RENAME TO invoices;
CREATE INDEX invoices_account ON invoices(account_id, requested_at);
CREATE INDEX invoices_status ON invoices(status, requested_at);
-- a number given twice before numbers were unique keeps its first holder;
-- the later ones are marked so the index can be built and staff see them
UPDATE invoices SET invoice_no = invoice_no || '-DUP' || id
	WHERE invoice_no IS NOT NULL AND EXISTS (SELECT 1 FROM invoices e
		WHERE e.invoice_no = invoices.invoice_no AND e.id < invoices.id);
CREATE UNIQUE INDEX invoices_no ON invoices(invoice_no) WHERE invoice_no IS NOT NULL;

-- Issued invoices that were voided, with their number and file; the
-- invoice itself goes back to 'requested' to be issued again.
CREATE TABLE invoice_voids (
	id          INTEGER PRIMARY KEY,
	invoice_id  INTEGER NOT NULL REFERENCES invoices(id),
	invoice_no  TEXT NOT NULL UNIQUE,
	file        BLOB,
	file_sha256 TEXT,
	issued_at   INTEGER,
	issued_by   INTEGER REFERENCES accounts(id),
	voided_at   INTEGER NOT NULL,
	voided_by   INTEGER REFERENCES accounts(id),
	reason      TEXT NOT NULL
);
CREATE INDEX invoice_voids_invoice ON invoice_voids(invoice_id);

CREATE INDEX audit_log_at ON audit_log(at);

-- Messages staff send to a filtered set of members. The filter is kept as
-- JSON; the sender walks the matching accounts in id order and remembers
-- the last one done, so a restart resumes where it stopped.
CREATE TABLE broadcasts (
	id           INTEGER PRIMARY KEY,
	author_id    INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
	scope_org    INTEGER REFERENCES orgs(id),   -- the author's branch, NULL = all
	filter       TEXT NOT NULL,                 -- {"status","level","org","expiring_before"}
	title_zh     TEXT NOT NULL,
	title_en     TEXT NOT NULL,
	body_zh      TEXT NOT NULL,
	body_en      TEXT NOT NULL,
	email        INTEGER NOT NULL DEFAULT 0,    -- also send an e-mail
	status       TEXT NOT NULL DEFAULT 'queued'
	             CHECK (status IN ('queued', 'sending', 'done', 'cancelled')),
	matched      INTEGER NOT NULL,              -- members matching when queued
	sent         INTEGER NOT NULL DEFAULT 0,
	last_account INTEGER NOT NULL DEFAULT 0,    -- resume after this account id
	created_at   INTEGER NOT NULL,
	finished_at  INTEGER
);
CREATE INDEX broadcasts_status ON broadcasts(status);

-- E-mails to members waiting to be handed to the mailer, each in both
-- languages: the account's language (and address) is read when it is sent.
CREATE TABLE member_mail (
	id         INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	subject_zh TEXT NOT NULL,
	subject_en TEXT NOT NULL,
	body_zh    TEXT NOT NULL,
	body_en    TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	sent_at    INTEGER                          -- NULL = waiting
);
CREATE INDEX member_mail_waiting ON member_mail(sent_at, id);
