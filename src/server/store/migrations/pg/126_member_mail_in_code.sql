-- The e-mail that goes with a staff decision about money is queued by the
-- code that makes the decision (pay/settle.c, routes/bank_transfers.c), as
-- every other decision's is; the trigger of migration 071 goes.
--
-- PostgreSQL: 071 made no trigger (see there); nothing is left to drop.
SELECT 1;
