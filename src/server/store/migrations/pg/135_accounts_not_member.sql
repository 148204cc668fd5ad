-- HQ's register read a page at a time along indexes that hold all a page
-- needs (store/staff_queries.c, MEMBERS_TALLY_PAGE, which names the same
-- conditions so that its queries can use them):
--
-- accounts_not_member: the accounts that are not members (staff and
-- administrators: a handful), which the register leaves out by id,
-- instead of looking up the role of every account a page passes (page
-- 5,000 of 200,000 members looked up 100,000 roles to skip them).
--
-- members_numbered: the member numbers in order with their accounts and
-- what the register's filters read (status, valid_until, level), so that
-- a page far down the register, of all members or of a status or a
-- level, skips the rows before it in the index alone (PostgreSQL, page
-- 5,000 of the active members: 195 to 23 ms; page 1,000 of a level: 97 to
-- 12 ms). On SQLite the index of member_no holds the account (its rowid)
-- already; PostgreSQL's does not, and both schemas are one.
CREATE INDEX accounts_not_member ON accounts(id) WHERE role <> 'member';
CREATE INDEX members_numbered ON members(member_no, account_id, status, valid_until, level_id)
	WHERE member_no IS NOT NULL;
