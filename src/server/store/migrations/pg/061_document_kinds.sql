-- The documents a member asks for an order (我的票据) come in the kinds the
-- association offers: the dues receipt (社会团体会费统一收据, an electronic
-- financial receipt from the provincial system; payer a person or a unit,
-- with its unified social credit code in tax_no) and VAT fapiao, normal
-- (普票) or special (专票).
--
-- PostgreSQL: the two CHECKs are replaced in place (SQLite rebuilds the
-- table); the columns and indexes stay as they are.

ALTER TABLE invoices DROP CONSTRAINT invoices_kind_check;
ALTER TABLE invoices ADD CONSTRAINT invoices_kind_check
	CHECK (kind IN ('dues_receipt', 'normal', 'special'));
ALTER TABLE invoices DROP CONSTRAINT invoices_check;
ALTER TABLE invoices ADD CONSTRAINT invoices_check
	CHECK (kind <> 'special' OR title_type = 'organisation');
