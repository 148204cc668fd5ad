-- Fee reductions and exemptions staff approve for an order. A reduction
-- lowers orders.amount (what is paid) and adds what it took off to
-- discount; an exemption settles the order with method 'exempt', no money
-- moving, and discount then holds the whole fee. The reason shows on the
-- order and on its payment voucher.
ALTER TABLE orders ADD COLUMN discount BIGINT NOT NULL DEFAULT 0;   -- fen taken off
ALTER TABLE orders ADD COLUMN discount_reason TEXT;
ALTER TABLE orders ADD COLUMN discount_by BIGINT REFERENCES accounts(id);
