-- PostgreSQL only: the SQLite functions the store's SQL calls, so the same
-- statement text runs on both databases. Each gives SQLite's answer for
-- the arguments the code passes (and for its NULLs); a form SQLite knows
-- but these do not (another JSON path, a date modifier not listed) is an
-- error, never a quietly different answer.
--
-- 'localtime' is the session's TimeZone, which rosterd sets to the
-- association's zone when it connects.
--
-- Not here, on purpose:
-- * substr: PostgreSQL has it, but a negative start counts differently
--   (SQLite's substr(s, -1) is the last character); the store does not
--   rely on that (see the store code's own notes).
-- * char(n): CHAR is a type name in PostgreSQL's grammar, so a function of
--   that name could only be called as "char"(n); migration 090 uses chr.
-- * length, lower, upper, coalesce, nullif, count, sum, min/max of a
--   column: the same on both (length of BYTEA counts bytes, as SQLite's
--   length of a BLOB does).

-- json_valid and json_extract catch the error of text that is not JSON,
-- which takes a subtransaction, and no process of a parallel plan (its
-- leader included) may start one: they are PARALLEL UNSAFE, so a query
-- using them is planned without workers. Marked safe, a query over tables
-- large enough for a parallel plan, such as the members export of a
-- national association, failed.
--
-- json_valid(text): true when the text is well-formed JSON, false when it
-- is not or is NULL (SQLite 3.40 gives 0 for NULL). It is boolean here,
-- not 1/0, because every use in the store is a condition
-- ("... AND json_valid(m.profile) THEN"), which PostgreSQL only takes
-- from a boolean.
CREATE OR REPLACE FUNCTION json_valid(doc text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL UNSAFE AS $$
BEGIN
	IF doc IS NULL THEN
		RETURN false;
	END IF;
	PERFORM doc::json;
	RETURN true;
EXCEPTION WHEN others THEN
	RETURN false;
END
$$;

-- json_extract(doc, path) for paths '$', '$.key', '$.a.b' and '$.a[2]':
-- a string as its text, true/false as '1'/'0', an integer as written, any
-- other number as SQLite prints a REAL ('1.5', '1000.0'), null or a
-- missing member as NULL, an object or array as its JSON text. Text that
-- is not JSON gives NULL (SQLite would stop the statement; the store
-- checks json_valid first wherever a row's text could be anything).
CREATE OR REPLACE FUNCTION json_extract(doc text, path text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL UNSAFE AS $$
DECLARE
	keys text[];
	v json;
	num text;
BEGIN
	IF path ~ '^\$\.[A-Za-z0-9_]+$' THEN
		keys := ARRAY[substr(path, 3)];
	ELSIF path = '$' THEN
		keys := '{}';
	ELSIF path ~ '^\$(\.[A-Za-z0-9_]+|\[[0-9]+\])+$' THEN
		SELECT array_agg(COALESCE(m[1], m[2]) ORDER BY n) INTO keys
		FROM regexp_matches(substr(path, 2), '\.([A-Za-z0-9_]+)|\[([0-9]+)\]', 'g')
			WITH ORDINALITY AS t(m, n);
	ELSE
		RAISE EXCEPTION 'json_extract: the path % is not supported', path;
	END IF;
	BEGIN
		v := doc::json #> keys;
	EXCEPTION WHEN others THEN
		RETURN NULL;
	END;
	IF v IS NULL THEN
		RETURN NULL;
	END IF;
	CASE json_typeof(v)
	WHEN 'string' THEN
		RETURN v #>> '{}';
	WHEN 'boolean' THEN
		RETURN CASE WHEN v::text = 'true' THEN '1' ELSE '0' END;
	WHEN 'null' THEN
		RETURN NULL;
	WHEN 'number' THEN
		num := btrim(v::text);
		IF num ~ '^-?[0-9]+$' THEN
			RETURN num;
		END IF;
		num := (num::double precision)::text;
		RETURN CASE WHEN num ~ '^-?[0-9]+$' THEN num || '.0' ELSE num END;
	ELSE
		RETURN btrim(v::text);
	END CASE;
END
$$;

-- max(a, b) and min(a, b) of two values (the one-argument aggregates stay
-- as they are): NULL when either is NULL, as in SQLite.
CREATE OR REPLACE FUNCTION max(a bigint, b bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT greatest(a, b) $$;

CREATE OR REPLACE FUNCTION min(a bigint, b bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT least(a, b) $$;

-- The moment t (unix seconds) as SQLite's date(t, 'unixepoch', 'localtime')
-- and datetime(t, 'unixepoch', 'localtime') give it, or in UTC with
-- 'unixepoch' alone: 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM:SS'.
CREATE OR REPLACE FUNCTION roster_unix_local(t bigint, m1 text, m2 text) RETURNS timestamp
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
	IF t IS NULL THEN
		RETURN NULL;
	END IF;
	IF m1 = 'unixepoch' AND m2 = 'localtime' THEN
		RETURN to_timestamp(t)::timestamp;
	ELSIF m1 = 'unixepoch' AND m2 IS NULL THEN
		RETURN to_timestamp(t) AT TIME ZONE 'UTC';
	END IF;
	RAISE EXCEPTION 'date/time modifiers %, % are not supported', m1, m2;
END
$$;

CREATE OR REPLACE FUNCTION datetime(t bigint, m1 text, m2 text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT to_char(roster_unix_local(t, m1, m2), 'YYYY-MM-DD HH24:MI:SS') $$;

CREATE OR REPLACE FUNCTION datetime(t bigint, m1 text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT to_char(roster_unix_local(t, m1, NULL), 'YYYY-MM-DD HH24:MI:SS') $$;

CREATE OR REPLACE FUNCTION date(t bigint, m1 text, m2 text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT to_char(roster_unix_local(t, m1, m2), 'YYYY-MM-DD') $$;

CREATE OR REPLACE FUNCTION date(t bigint, m1 text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT to_char(roster_unix_local(t, m1, NULL), 'YYYY-MM-DD') $$;

-- strftime(format, t, 'unixepoch', 'localtime') with SQLite's %Y %m %d %H
-- %M %S %j %w %s %%; other characters are copied.
CREATE OR REPLACE FUNCTION strftime(fmt text, t bigint, m1 text, m2 text) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
	ts timestamp := roster_unix_local(t, m1, m2);
	res text := '';
	c text;
	i int := 1;
BEGIN
	IF ts IS NULL OR fmt IS NULL THEN
		RETURN NULL;
	END IF;
	WHILE i <= length(fmt) LOOP
		c := substr(fmt, i, 1);
		IF c = '%' AND i < length(fmt) THEN
			i := i + 1;
			c := substr(fmt, i, 1);
			res := res || CASE c
				WHEN 'Y' THEN to_char(ts, 'YYYY')
				WHEN 'm' THEN to_char(ts, 'MM')
				WHEN 'd' THEN to_char(ts, 'DD')
				WHEN 'H' THEN to_char(ts, 'HH24')
				WHEN 'M' THEN to_char(ts, 'MI')
				WHEN 'S' THEN to_char(ts, 'SS')
				WHEN 'j' THEN to_char(ts, 'DDD')
				WHEN 'w' THEN extract(dow FROM ts)::text
				WHEN 's' THEN t::text
				WHEN '%' THEN '%'
				END;
			IF c NOT IN ('Y', 'm', 'd', 'H', 'M', 'S', 'j', 'w', 's', '%') THEN
				RAISE EXCEPTION 'strftime: %% % is not supported', c;
			END IF;
		ELSE
			res := res || c;
		END IF;
		i := i + 1;
	END LOOP;
	RETURN res;
END
$$;

-- date('YYYY-MM-DD', '+N days') and '-N days', '+N months', '+N years'
-- (singular or plural) -> 'YYYY-MM-DD', with SQLite's arithmetic: a month
-- or year step keeps the day number and lets it run over
-- (2026-01-31 +1 month = 2026-03-03). Text that is not a date, and a
-- result past 9999-12-31, give NULL as in SQLite.
CREATE OR REPLACE FUNCTION date(d text, modifier text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
	y int;
	m int;
	dd int;
	n int;
	unit text;
	r date;
BEGIN
	IF d !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T]|$)' THEN
		RETURN NULL;
	END IF;
	y := substr(d, 1, 4)::int;
	m := substr(d, 6, 2)::int;
	dd := substr(d, 9, 2)::int;
	IF m NOT BETWEEN 1 AND 12 OR dd NOT BETWEEN 1 AND 31 THEN
		RETURN NULL;
	END IF;
	IF modifier !~ '^[+-]?[0-9]+ (day|days|month|months|year|years)$' THEN
		RAISE EXCEPTION 'date: the modifier % is not supported', modifier;
	END IF;
	n := split_part(modifier, ' ', 1)::int;
	unit := rtrim(split_part(modifier, ' ', 2), 's');
	IF unit = 'month' THEN
		y := y + floor((m - 1 + n) / 12.0)::int;
		m := (m - 1 + n) % 12;
		m := CASE WHEN m < 0 THEN m + 12 ELSE m END + 1;
		n := 0;
	ELSIF unit = 'year' THEN
		y := y + n;
		n := 0;
	END IF;
	IF y < 0 OR y > 9999 THEN
		RETURN NULL;
	END IF;
	r := make_date(CASE WHEN y = 0 THEN 1 ELSE y END, m, 1) + (dd - 1) + n;
	IF extract(year FROM r) > 9999 OR y = 0 THEN
		RETURN NULL;
	END IF;
	RETURN to_char(r, 'YYYY-MM-DD');
END
$$;
