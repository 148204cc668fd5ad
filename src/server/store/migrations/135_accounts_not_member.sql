-- The accounts that are not members (staff and administrators: a handful),
-- which HQ's register leaves out. A page of the register walks the member
-- numbers' own index and leaves out these few ids, instead of looking up
-- the role of every account it passes: page 5,000 of 200,000 members read
-- 100,000 accounts to skip them (store/staff_queries.c, MEMBERS_TALLY_PAGE,
-- which names the same condition so that a query can use it).
CREATE INDEX accounts_not_member ON accounts(id) WHERE role <> 'member';
