-- On PostgreSQL the tally triggers stop counting inside a seed or an import
-- (store_tallies_pause), which counts everything again before it commits.
-- SQLite updates a tally row in place, so its triggers keep counting:
-- nothing to do here.
SELECT 1;
