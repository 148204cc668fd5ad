#!/usr/bin/env python3
"""Prepare every SQL statement of rosterd on PostgreSQL.

    PGHOST=... PGPORT=... PGUSER=... python3 tests/pg/check-sql.py

The statements are the string literals of src/server (macros expanded by
the C preprocessor) that read as SQL. Each gets the rewrites the
PostgreSQL backend makes (?N and ? to $N, " LIKE " to " ILIKE ") and is
prepared in a scratch database holding the pg migrations, with the
parameter types the following db_bind() format gives (i, d: bigint;
t: text; b: bytea; f: double precision); where there is no format, a
parameter PostgreSQL cannot type is taken as text. A SELECT that prepares
is also described, and a result column of a type the C code does not read
as it does on SQLite (boolean, numeric, ...) is listed. Statements with an
FTS5 MATCH are left out: the store sends those to SQLite only.

Exit status 1 when a statement does not prepare. Needs gcc, pkg-config,
psql and a server as for check-schema.sh.
"""
import glob
import os
import re
import subprocess
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
DB = 'pgchecksql_%d' % os.getpid()
LIT = r'"(?:[^"\\\n]|\\.)*"'
SQL_START = re.compile(r'\s*(SELECT\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|WITH\s)')
TYPES = {'i': 'bigint', 'd': 'bigint', 't': 'text', 'b': 'bytea',
         'f': 'double precision', 'n': 'unknown'}
PLAIN = ('bigint', 'integer', 'text', 'bytea')


def psql(*cmds, db=DB):
    args = ['psql', '-X', '-q', '-At', '-d', db]
    for c in cmds:
        args += ['-c', c]
    return subprocess.run(args, capture_output=True, text=True)


def unliteral(seq):
    s = ''.join(p[1:-1] for p in re.findall(LIT, seq))
    # \x escapes and the source's own UTF-8 come back as bytes (code points
    # under 256); a \u escape as its character, written back in UTF-8
    t = s.encode('utf-8').decode('unicode_escape')
    b = b''.join(bytes([ord(c)]) if ord(c) < 256 else c.encode('utf-8') for c in t)
    return b.decode('utf-8', 'replace')


def preprocess(path):
    pc = subprocess.run('pkg-config --cflags libmicrohttpd sqlite3 libcjson libsodium'
                        ' cairo pangocairo libpq', shell=True, capture_output=True,
                        text=True).stdout.split()
    r = subprocess.run(['gcc', '-E', '-P', '-Iinclude', '-Isrc/server', '-D_GNU_SOURCE',
                        '-DROSTER_VERSION="x"', '-DROSTER_DATADIR="x"',
                        '-DROSTER_LOCALEDIR="x"', '-DROSTER_SYSCONFDIR="x"',
                        '-DROSTER_THREAD_LANG'] + pc + [path],
                       capture_output=True, text=True, cwd=TOP)
    if r.returncode:
        print('SKIP %s: %s' % (path, r.stderr.strip().splitlines()[-1][:200]))
        return ''
    return r.stdout


def statements():
    """(file, sql, bind format or None) for every SQL literal."""
    out = {}
    for path in sorted(glob.glob(TOP + '/src/server/**/*.c', recursive=True)):
        rel = os.path.relpath(path, TOP)
        if re.search(r'/db_(pg|sqlite)\w*\.c$', rel):    # the backends' own SQL
            continue
        src = preprocess(rel)
        for m in re.finditer(r'((?:' + LIT + r'\s*)+)', src):
            sql = unliteral(m.group(1))
            if not SQL_START.match(sql) or (rel, sql) in out:
                continue
            fmt = None
            call = re.search(r'db_stmt\s*\(\s*\w+\s*,\s*$', src[max(0, m.start() - 80):m.start()])
            if call:
                rest = src[m.end():m.end() + 3000]
                b = re.search(r'db_bind\s*\(\s*\w+\s*,\s*"([a-z]*)"', rest)
                nxt = re.search(r'db_stmt\s*\(', rest)
                if b and (not nxt or b.start() < nxt.start()):
                    fmt = b.group(1)
            out[(rel, sql)] = fmt
    return [(f, s, fmt) for (f, s), fmt in out.items()]


def rewrite(s):
    """What the PostgreSQL backend sends: ?N and ? as $N, LIKE as ILIKE."""
    out, i, top = [], 0, 0
    while i < len(s):
        c = s[i]
        if c == "'":
            j = s.index("'", i + 1)
            while j + 1 < len(s) and s[j + 1] == "'":
                j = s.index("'", j + 2)
            out.append(s[i:j + 1])
            i = j + 1
            continue
        if c == '?':
            m = re.match(r'\?(\d+)', s[i:])
            if m:
                top = max(top, int(m.group(1)))
                out.append('$' + m.group(1))
                i += len(m.group(0))
            else:
                top += 1
                out.append('$%d' % top)
                i += 1
            continue
        out.append(c)
        i += 1
    return ''.join(out).replace(' LIKE ', ' ILIKE ')


def select_columns(q):
    q = re.sub(r"'(?:[^']|'')*'", "''", q)
    i, depth, n = q.index('SELECT') + 6, 0, 1
    while i < len(q) and not (depth == 0 and q[i:i + 6] == ' FROM '):
        depth += {'(': 1, ')': -1}.get(q[i], 0)
        n += depth == 0 and q[i] == ','
        i += 1
    return n


def check(sql, fmt):
    """(error or '', odd result column types or '')"""
    pg = rewrite(sql.strip())
    n = max([int(v) for v in re.findall(r'\$(\d+)', pg)] or [0])
    types = ['unknown'] * n
    for k, c in enumerate((fmt or '')[:n]):
        types[k] = TYPES[c]
    for _ in range(n + 2):
        decl = '(%s)' % ', '.join(types) if n else ''
        r = psql('BEGIN', 'PREPARE p%s AS %s' % (decl, pg), 'ROLLBACK')
        m = re.search(r'could not determine data type of parameter \$(\d+)', r.stderr)
        if not m:
            break
        types[int(m.group(1)) - 1] = 'text'
    err = r.stderr.strip()
    if err or not pg.startswith('SELECT'):
        return err, ''
    cols = ', '.join('c%d' % k for k in range(1, select_columns(pg) + 1))
    args = '(%s)' % ', '.join(['NULL'] * n) if n else ''
    r = psql('BEGIN', 'PREPARE p%s AS %s' % (decl, pg),
             'CREATE TEMP TABLE t (%s) AS EXECUTE p%s WITH NO DATA' % (cols, args),
             "SELECT string_agg(attnum || ': ' || format_type(atttypid, atttypmod), ', ')"
             " FROM pg_attribute WHERE attrelid = 't'::regclass AND attnum > 0"
             " AND format_type(atttypid, atttypmod) NOT IN (%s)"
             % ', '.join("'%s'" % t for t in PLAIN), 'ROLLBACK')
    return '', (r.stdout.strip() or r.stderr.strip())


def main():
    if psql('CREATE DATABASE ' + DB, db='postgres').returncode:
        sys.exit('cannot create the scratch database')
    try:
        migrations = sorted(glob.glob(TOP + '/src/server/store/migrations/pg/*.sql'))
        r = subprocess.run(['psql', '-X', '-q', '-d', DB, '-v', 'ON_ERROR_STOP=1', '-o', '/dev/null'],
                           input=''.join(open(f).read() for f in migrations),
                           capture_output=True, text=True)
        if r.returncode:
            sys.exit('the pg migrations failed: ' + r.stderr)
        # made by store_migrate itself
        psql('CREATE TABLE schema_version (version INTEGER PRIMARY KEY,'
             ' name TEXT NOT NULL, applied_at INTEGER NOT NULL)')
        bad = odd = 0
        todo = statements()
        for f, sql, fmt in todo:
            if ' MATCH ' in sql:    # FTS5: the store sends it to SQLite only
                continue
            err, cols = check(sql, fmt)
            if err:
                bad += 1
                print('FAIL %s: %s\n    %s\n' % (f, err.splitlines()[0], rewrite(sql.strip())[:400]))
            elif cols:
                odd += 1
                print('TYPE %s: result column %s\n    %s\n' % (f, cols, sql.strip()[:300]))
        print('%d statements: %d do not prepare, %d with result columns to look at'
              % (len(todo), bad, odd))
        return 1 if bad else 0
    finally:
        psql('DROP DATABASE IF EXISTS ' + DB, db='postgres')


if __name__ == '__main__':
    sys.exit(main())
