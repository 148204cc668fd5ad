-- Members: one row per member account, created with the first join draft.
-- The row carries the member's standing (status, level, organisation,
-- validity, number) and the approved profile; drafts and pending changes
-- live in applications (012).

CREATE TABLE members (
	account_id    BIGINT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
	member_type   TEXT NOT NULL CHECK (member_type IN ('individual', 'unit')),
	org_id        BIGINT REFERENCES orgs(id),   -- HQ or the branch joined through
	level_id      BIGINT REFERENCES levels(id),
	-- 'grace' is never stored: it is computed from valid_until
	status        TEXT NOT NULL DEFAULT 'draft'
	              CHECK (status IN ('draft', 'pending_branch', 'pending_hq',
	                                'pending_payment', 'active', 'rejected', 'expired')),
	status_reason TEXT,                          -- why it was rejected
	member_no     TEXT UNIQUE,                   -- 'M' + year + 6 digits, from the first activation
	valid_until   TEXT,                          -- YYYY-MM-DD, NULL before the first payment
	joined_at     BIGINT,                       -- first activation
	profile       TEXT NOT NULL DEFAULT '{}',    -- approved profile: JSON object field -> text
	name          TEXT,                          -- person's or unit's name, for lists and search
	created_at    BIGINT NOT NULL,
	updated_at    BIGINT NOT NULL
);
CREATE INDEX members_status ON members(status);
CREATE INDEX members_org ON members(org_id);
CREATE INDEX members_level ON members(level_id);

-- Member numbers: the last sequence number given out per year.
CREATE TABLE member_no_seq (
	year BIGINT PRIMARY KEY,
	last BIGINT NOT NULL
);

-- Branches a member belongs to besides the organisation joined through
-- (approved branch_join applications).
CREATE TABLE member_branches (
	account_id     BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	org_id         BIGINT NOT NULL REFERENCES orgs(id),
	application_id BIGINT,                      -- the branch_join that added it
	joined_at      BIGINT NOT NULL,
	PRIMARY KEY (account_id, org_id)
);
CREATE INDEX member_branches_org ON member_branches(org_id);
