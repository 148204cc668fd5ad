-- The catalogue: operator data loaded from data/catalogue/*.json by
-- `rosterd init` (see rosterd-catalogue(5)). Rows are updated in place by
-- code and never deleted, because members, orders and applications refer to
-- them; what disappears from the files is marked active = 0.

CREATE TABLE orgs (
	id       INTEGER PRIMARY KEY,
	code     TEXT NOT NULL UNIQUE,             -- 'HQ', 'BJ', … (upper case)
	kind     TEXT NOT NULL CHECK (kind IN ('hq', 'branch')),
	name_zh  TEXT NOT NULL,
	name_en  TEXT NOT NULL,
	address  TEXT,
	contact  TEXT,                             -- contact person
	phone    TEXT,
	email    TEXT,
	rank     INTEGER NOT NULL DEFAULT 0,       -- display order
	active   INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE levels (
	id          INTEGER PRIMARY KEY,
	member_type TEXT NOT NULL CHECK (member_type IN ('individual', 'unit')),
	code        TEXT NOT NULL UNIQUE,          -- 'student', 'council', …
	name_zh     TEXT NOT NULL,
	name_en     TEXT NOT NULL,
	annual_fee  INTEGER NOT NULL CHECK (annual_fee >= 0),  -- fen per year
	rank        INTEGER NOT NULL,              -- higher = senior level
	active      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX levels_type ON levels(member_type, rank);

-- One row: the membership terms (入会须知) in both languages.
CREATE TABLE terms (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	version    TEXT NOT NULL,
	title_zh   TEXT NOT NULL,
	title_en   TEXT NOT NULL,
	body_zh    TEXT NOT NULL,                  -- paragraphs split by a blank line
	body_en    TEXT NOT NULL,
	updated_at INTEGER NOT NULL
);

-- The application form schema of each member type, as JSON text.
CREATE TABLE forms (
	member_type TEXT PRIMARY KEY CHECK (member_type IN ('individual', 'unit')),
	schema      TEXT NOT NULL,
	updated_at  INTEGER NOT NULL
);

-- Small named values: association.name_zh, bank.account_no, …
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- Reasons staff pick from when they reject something.
CREATE TABLE reason_templates (
	id      INTEGER PRIMARY KEY,
	code    TEXT NOT NULL UNIQUE,
	scope   TEXT NOT NULL CHECK (scope IN ('application', 'bank_transfer', 'invoice', 'any')),
	text_zh TEXT NOT NULL,
	text_en TEXT NOT NULL,
	rank    INTEGER NOT NULL DEFAULT 0,
	active  INTEGER NOT NULL DEFAULT 1
);
