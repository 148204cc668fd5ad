-- Core tables: accounts, sessions, e-mail codes, rate limits, audit log.
-- Times are INTEGER unix seconds. Kept to SQL that PostgreSQL also reads
-- where that costs nothing (INTEGER PRIMARY KEY becomes an identity column
-- there).

CREATE TABLE accounts (
	id                  INTEGER PRIMARY KEY,
	username            TEXT NOT NULL,
	username_key        TEXT NOT NULL UNIQUE,   -- lower-case username
	email               TEXT NOT NULL UNIQUE,   -- lower-case
	mobile              TEXT UNIQUE,            -- 11 digits, NULL for some staff
	password_hash       TEXT NOT NULL,
	role                TEXT NOT NULL
	                    CHECK (role IN ('member', 'branch_staff', 'hq_staff', 'admin')),
	member_type         TEXT CHECK (member_type IN ('individual', 'unit')),
	org_id              INTEGER,                -- branch of a branch_staff
	status              TEXT NOT NULL DEFAULT 'active'
	                    CHECK (status IN ('active', 'disabled')),
	created_at          INTEGER NOT NULL,
	updated_at          INTEGER NOT NULL,
	password_changed_at INTEGER NOT NULL,
	last_login_at       INTEGER
);

CREATE TABLE sessions (
	id           INTEGER PRIMARY KEY,
	token_hash   BLOB NOT NULL UNIQUE,          -- SHA-256 of the bearer token
	account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	created_at   INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	expires_at   INTEGER NOT NULL,              -- absolute end
	address      TEXT
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE codes (
	id          INTEGER PRIMARY KEY,
	account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	purpose     TEXT NOT NULL,                  -- 'reset'
	code_hash   BLOB NOT NULL,                  -- BLAKE2b of the code, keyed by salt
	salt        BLOB NOT NULL,
	created_at  INTEGER NOT NULL,
	expires_at  INTEGER NOT NULL,
	attempts    INTEGER NOT NULL DEFAULT 0,
	used_at     INTEGER
);
CREATE INDEX codes_account ON codes(account_id, purpose);

CREATE TABLE throttle (
	key      TEXT PRIMARY KEY,
	count    INTEGER NOT NULL,
	reset_at INTEGER NOT NULL                   -- end of the current window
);

CREATE TABLE audit_log (
	id          INTEGER PRIMARY KEY,
	at          INTEGER NOT NULL,
	actor_id    INTEGER,                        -- account, NULL = anonymous/system
	action      TEXT NOT NULL,
	object_type TEXT,
	object_id   INTEGER,
	address     TEXT,
	detail      TEXT
);
CREATE INDEX audit_log_object ON audit_log(object_type, object_id);
CREATE INDEX audit_log_actor ON audit_log(actor_id);
