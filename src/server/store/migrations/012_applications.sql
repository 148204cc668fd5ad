-- Applications of every kind with their history and attachments.
--
-- Status moves draft -> pending_branch -> pending_hq -> approved, or to
-- rejected from either pending stage; a rejected application is edited and
-- submitted again. review_org_id is the branch whose staff act at the
-- pending_branch stage (NULL when only HQ reviews it).

CREATE TABLE applications (
	id             INTEGER PRIMARY KEY,
	account_id     INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	kind           TEXT NOT NULL
	               CHECK (kind IN ('join', 'profile_change', 'level_change', 'branch_join')),
	status         TEXT NOT NULL DEFAULT 'draft'
	               CHECK (status IN ('draft', 'pending_branch', 'pending_hq', 'approved', 'rejected')),
	member_type    TEXT NOT NULL CHECK (member_type IN ('individual', 'unit')),
	org_id         INTEGER REFERENCES orgs(id),   -- join: HQ or branch applied to; branch_join: the branch
	review_org_id  INTEGER REFERENCES orgs(id),
	level_id       INTEGER REFERENCES levels(id), -- join: level applied for; level_change: the new level
	from_level_id  INTEGER REFERENCES levels(id), -- level_change: the level when submitted
	profile        TEXT NOT NULL DEFAULT '{}',    -- join: the whole form; profile_change: new values
	                                              -- of the changed fields; level_change: unit details
	before_values  TEXT,                          -- profile_change: old values of those fields
	reason         TEXT,                          -- the applicant's reason
	status_reason  TEXT,                          -- the reviewer's last reason
	order_id       INTEGER,                       -- level_change: fee-difference order, NULL when none
	created_at     INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL,
	submitted_at   INTEGER,
	decided_at     INTEGER
);
-- one join application per account, ever
CREATE UNIQUE INDEX applications_join ON applications(account_id) WHERE kind = 'join';
CREATE INDEX applications_account ON applications(account_id, kind, status);
CREATE INDEX applications_queue ON applications(status, review_org_id);

CREATE TABLE application_events (
	id               INTEGER PRIMARY KEY,
	application_id   INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
	actor_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
	action           TEXT NOT NULL,               -- create, submit, approve, reject, edit, apply
	from_status      TEXT,
	to_status        TEXT,
	reason           TEXT,
	at               INTEGER NOT NULL
);
CREATE INDEX application_events_app ON application_events(application_id, id);

-- Uploaded files (the stamped form …) are kept in the database, so every
-- rosterd instance sharing it sees them and a backup holds everything.
CREATE TABLE attachments (
	id             INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
	account_id     INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	name           TEXT NOT NULL,                 -- file name as uploaded (display only)
	content_type   TEXT NOT NULL,                 -- from the bytes: application/pdf, image/png, image/jpeg
	size           INTEGER NOT NULL,
	sha256         TEXT NOT NULL,                 -- hex
	data           BLOB NOT NULL,
	created_at     INTEGER NOT NULL
);
CREATE INDEX attachments_app ON attachments(application_id);
