-- An order that becomes paid or closed is announced to every instance on the
-- database: each LISTENs on roster_order and wakes the long polls it holds
-- (GET /orders/{id}?wait=). Only these rare changes are sent.
CREATE FUNCTION roster_order_notify() RETURNS trigger AS $$
BEGIN
	PERFORM pg_notify('roster_order', NEW.id::text);
	RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER orders_settled_notify AFTER UPDATE OF status ON orders
	FOR EACH ROW WHEN (NEW.status IN ('paid', 'closed') AND OLD.status IS DISTINCT FROM NEW.status)
	EXECUTE FUNCTION roster_order_notify();
