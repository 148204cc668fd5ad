-- Scheduled work (rosterd's jobs, see rosterd(8)): the lease that lets one
-- instance among several on the database run them, a log of every run,
-- the renewal reminders already sent, and each member's history of
-- validity (periods paid, gaps, grace, expiry) so a late renewal shows the
-- months without membership instead of hiding them.

-- One row per lease ('scheduler'). An instance runs the jobs only while it
-- holds the row: it takes or renews it with one guarded UPDATE (owner is
-- itself, or the lease has run out). Times are real unix seconds, never the
-- test clock.
CREATE TABLE job_lease (
	name       TEXT PRIMARY KEY,
	owner      TEXT NOT NULL,            -- host:pid:random of the holder
	expires_at INTEGER NOT NULL,
	taken_at   INTEGER NOT NULL
);

CREATE TABLE job_runs (
	id          INTEGER PRIMARY KEY,
	owner       TEXT NOT NULL,           -- the lease holder that ran it
	trigger     TEXT NOT NULL CHECK (trigger IN ('timer', 'manual', 'command')),
	clock       INTEGER NOT NULL,        -- the association clock the run used
	started_at  INTEGER NOT NULL,        -- real time
	finished_at INTEGER,
	status      TEXT NOT NULL DEFAULT 'running'
	            CHECK (status IN ('running', 'ok', 'failed')),
	detail      TEXT                     -- JSON: what each job did
);
CREATE INDEX job_runs_started ON job_runs(started_at);

-- Automatic renewal reminders: at most one per offset and expiry date, so
-- a reminder is never sent twice for the same valid_until.
CREATE TABLE reminders_sent (
	account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	valid_until TEXT NOT NULL,           -- the expiry date reminded of
	offset_days INTEGER NOT NULL,        -- days before it (negative: after)
	sent_at     INTEGER NOT NULL,
	PRIMARY KEY (account_id, valid_until, offset_days)
);

CREATE TABLE member_history (
	id         INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	event      TEXT NOT NULL CHECK (event IN ('paid', 'gap', 'grace', 'expired',
	                                          'imported', 'reminded')),
	date_from  TEXT,                     -- YYYY-MM-DD, the period it is about
	date_to    TEXT,
	order_id   INTEGER,
	actor_id   INTEGER,                  -- staff who did it; NULL = the system
	note       TEXT,
	at         INTEGER NOT NULL
);
CREATE INDEX member_history_account ON member_history(account_id, id);
