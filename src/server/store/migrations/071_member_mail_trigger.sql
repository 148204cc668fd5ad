-- A staff decision about money also reaches the member by e-mail: a bank
-- transfer confirmed (the order paid by transfer, or recorded offline by
-- staff) or rejected. The mail is queued with the message, in the same
-- transaction, in both languages; the sender picks the member's
-- (service/notify.h). Payments the member made by QR code are not
-- decisions and send no mail.
CREATE TRIGGER messages_payment_mail AFTER INSERT ON messages
WHEN NEW.kind = 'payment' AND NEW.ref_type = 'order' AND (
	NEW.title_en = 'Bank transfer not confirmed' OR
	EXISTS (SELECT 1 FROM orders o WHERE o.id = NEW.ref_id
	        AND o.status = 'paid' AND o.method IN ('bank_transfer', 'offline')))
BEGIN
	INSERT INTO member_mail (account_id, subject_zh, subject_en, body_zh, body_en, created_at)
	VALUES (NEW.account_id, NEW.title_zh, NEW.title_en, NEW.body_zh, NEW.body_en, NEW.created_at);
END;
