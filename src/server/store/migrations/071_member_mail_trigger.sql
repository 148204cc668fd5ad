-- A message about money (a bank transfer confirmed or rejected, a payment
-- received, a level change paid) also reaches the member by e-mail: the
-- mail is queued with the message, in the same transaction, in both
-- languages; the sender picks the member's (service/notify.h).
CREATE TRIGGER messages_payment_mail AFTER INSERT ON messages
WHEN NEW.kind = 'payment'
BEGIN
	INSERT INTO member_mail (account_id, subject_zh, subject_en, body_zh, body_en, created_at)
	VALUES (NEW.account_id, NEW.title_zh, NEW.title_en, NEW.body_zh, NEW.body_en, NEW.created_at);
END;
