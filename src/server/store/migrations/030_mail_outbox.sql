-- Mail for the SMTP server, kept until the server has taken it: a message
-- is stored before the request that made it answers, and a sender thread
-- delivers it and deletes the row. A failed try is retried after a growing
-- pause; after a day of failures the row stays with status 'failed' (and
-- the log says so). next_at doubles as a sender's claim on the row while
-- it tries, so two servers on one database never send a message twice.

CREATE TABLE mail_outbox (
	id          INTEGER PRIMARY KEY,
	recipient   TEXT NOT NULL,
	message     TEXT NOT NULL,               -- RFC 5322, CRLF line ends
	status      TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'failed')),
	attempts    INTEGER NOT NULL DEFAULT 0,
	next_at     INTEGER NOT NULL,            -- not tried before (unix seconds)
	created_at  INTEGER NOT NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox(status, next_at);
