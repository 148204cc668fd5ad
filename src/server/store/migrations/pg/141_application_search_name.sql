-- The name an application is searched and listed by, kept in a column:
-- SQLite's 141_application_search_name.sql says why. Here a plpgsql
-- function sets it as the row is written; json_valid and json_extract are
-- 000_compat.sql's.

ALTER TABLE applications ADD COLUMN search_name TEXT;

UPDATE applications SET search_name =
	CASE WHEN json_valid(profile)
	     THEN COALESCE(json_extract(profile, '$.name'), json_extract(profile, '$.unit_name')) END
WHERE profile LIKE '%name"%';

CREATE FUNCTION application_search_name_of() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	NEW.search_name := CASE WHEN json_valid(NEW.profile)
		THEN COALESCE(json_extract(NEW.profile, '$.name'),
		              json_extract(NEW.profile, '$.unit_name')) END;
	RETURN NEW;
END
$$;

CREATE TRIGGER application_search_name_insert BEFORE INSERT ON applications
FOR EACH ROW EXECUTE FUNCTION application_search_name_of();

CREATE TRIGGER application_search_name_update BEFORE UPDATE OF profile ON applications
FOR EACH ROW EXECUTE FUNCTION application_search_name_of();
