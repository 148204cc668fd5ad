-- The name an application is searched and listed by (its profile's name,
-- else its unit_name), kept in a column as the profile changes, so that
-- the review lists read it without parsing each application's profile
-- (store/applications.c, SEARCH and LIST_COLS): a search of every
-- application (the queue's history) read 200,000 profiles, 1.9 s on
-- SQLite and 2.6 s on PostgreSQL, where parsing opens a subtransaction.
-- NULL when the profile names neither or is not JSON; the lists then show
-- the member's own name, as before.

ALTER TABLE applications ADD COLUMN search_name TEXT;

UPDATE applications SET search_name =
	CASE WHEN json_valid(profile)
	     THEN COALESCE(json_extract(profile, '$.name'), json_extract(profile, '$.unit_name')) END
WHERE profile LIKE '%name"%';

CREATE TRIGGER application_search_name_insert AFTER INSERT ON applications
BEGIN
	UPDATE applications SET search_name =
		CASE WHEN json_valid(new.profile)
		     THEN COALESCE(json_extract(new.profile, '$.name'),
		                   json_extract(new.profile, '$.unit_name')) END
	WHERE id = new.id;
END;

CREATE TRIGGER application_search_name_update AFTER UPDATE OF profile ON applications
BEGIN
	UPDATE applications SET search_name =
		CASE WHEN json_valid(new.profile)
		     THEN COALESCE(json_extract(new.profile, '$.name'),
		                   json_extract(new.profile, '$.unit_name')) END
	WHERE id = new.id;
END;
