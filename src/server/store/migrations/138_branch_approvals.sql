-- Each account's approvals at the branch stage, so GET /review/counts
-- leaves out of an admin's HQ stage the applications they approved at the
-- branch stage (members.separate_stages) by looking up their approvals,
-- instead of checking every waiting application's events
-- (store/staff_queries.c, staff_review_counts). Kept the same on both
-- backends.
CREATE INDEX application_events_branch_approvals
	ON application_events(actor_account_id, application_id)
	WHERE action = 'approve' AND from_status = 'pending_branch';
