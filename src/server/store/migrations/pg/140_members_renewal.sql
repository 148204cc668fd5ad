-- The staff's renewal lists (GET /renewals, store/renewal_list.c) read
-- each state's members along this index, in the list's order (valid_until,
-- then account), with the branch a branch officer's list keeps to: a page
-- and its count read the state's part of the index instead of every
-- member (200,000 members: 0.1-0.8 s before). Kept the same on both
-- backends.
CREATE INDEX members_renewal ON members(status, valid_until, account_id, org_id);
