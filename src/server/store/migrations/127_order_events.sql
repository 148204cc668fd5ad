-- On PostgreSQL an order that becomes paid or closed is announced to every
-- instance on the database (NOTIFY), so the instance holding a member's long
-- poll answers at once. One SQLite database has one instance, which wakes its
-- own polls: nothing to do here.
SELECT 1;
