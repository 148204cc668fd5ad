-- The catalogue edited through the API by admins (routes/catalogue_admin.c):
-- every change is kept with who made it, when, and the row before and after.
-- And the lifetime flag of a level: its fee is paid once and the membership
-- has no end (valid_until 9999-12-31).

CREATE TABLE catalogue_history (
	id        INTEGER PRIMARY KEY,
	at        INTEGER NOT NULL,
	actor_id  INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
	object    TEXT NOT NULL CHECK (object IN ('level', 'org', 'terms', 'reason', 'setting')),
	object_id TEXT NOT NULL,             -- the row's code, or the setting's key
	before    TEXT,                      -- JSON; NULL when the row was created
	after     TEXT NOT NULL              -- JSON
);
CREATE INDEX catalogue_history_object ON catalogue_history(object, object_id, id);

ALTER TABLE levels ADD COLUMN lifetime INTEGER NOT NULL DEFAULT 0;
