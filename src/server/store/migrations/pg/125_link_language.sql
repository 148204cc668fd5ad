-- The language a phone link was made in: the page a phone opens from it
-- (a hand-off link, a sandbox payment code) speaks the member's language,
-- whatever the phone's browser asks for. NULL: the server's default.

ALTER TABLE handoffs ADD COLUMN lang TEXT CHECK (lang IN ('zh', 'en'));
ALTER TABLE payments ADD COLUMN lang TEXT CHECK (lang IN ('zh', 'en'));
