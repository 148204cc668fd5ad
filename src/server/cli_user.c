/* rosterd user add|list|disable|enable|set-role|reset: the operator's
 * hand on accounts (staff, admins), with the same rules and audit rows as
 * the admin's API routes (service/staff_admin.c); the actor is the system
 * (0). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "roster/i18n.h"
#include "service/auth.h"
#include "cli.h"
#include "config.h"
#include "log.h"
#include <time.h>
#include "roster/err.h"
#include "service/staff_admin.h"
#include "store/accounts.h"
#include "store/catalogue.h"
#include "store/store.h"

static void user_usage(FILE *f)
{
	fprintf(f,
		"usage: rosterd user add --role ROLE [--org ID|CODE] --username NAME --email ADDR\n"
		"                        [--mobile NUMBER] [--member-type individual|unit]\n"
		"                        --password-stdin [--config FILE] [--db PATH]\n"
		"       rosterd user list [--role ROLE] [--status active|disabled] [--db PATH]\n"
		"       rosterd user disable|enable USER [--db PATH]\n"
		"       rosterd user set-role USER --role ROLE [--org ID|CODE] [--db PATH]\n"
		"       rosterd user reset USER --password-stdin [--db PATH]\n"
		"  ROLE: member, branch_staff (needs --org), hq_staff, admin\n"
		"  USER: a username, e-mail address or account id\n");
}

/* The first line of stdin, without its line end. */
static int read_password(char *buf, size_t len)
{
	if (!fgets(buf, (int)len, stdin))
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

/* --org takes a branch's id or code ("BJ"). 0, or -1 (printed). */
static int resolve_branch(struct db *db, const char *arg, int64_t *id)
{
	struct org o;
	char *end;
	long long n = strtoll(arg, &end, 10);
	int rc;

	if (*arg && !*end)
		rc = store_org_get(db, (int64_t)n, &o);
	else
		rc = store_org_by_code(db, arg, &o);
	if (rc != ST_OK) {
		fprintf(stderr, "rosterd: no organisation \"%s\" (run rosterd init first?)\n", arg);
		return -1;
	}
	if (strcmp(o.kind, "branch") != 0) {
		fprintf(stderr, "rosterd: \"%s\" is not a branch\n", arg);
		org_free(&o);
		return -1;
	}
	*id = o.id;
	org_free(&o);
	return 0;
}

static int user_add(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_CONFIG_OPTIONS,
		{ "role",           required_argument, NULL, 'r' },
		{ "org",            required_argument, NULL, 'O' },
		{ "username",       required_argument, NULL, 'u' },
		{ "email",          required_argument, NULL, 'e' },
		{ "mobile",         required_argument, NULL, 'M' },
		{ "member-type",    required_argument, NULL, 'T' },
		{ "password-stdin", no_argument,       NULL, 'P' },
		{ "help",           no_argument,       NULL, 'h' },
		{ 0 }
	};
	static struct config cfg;
	const char *role = NULL, *username = NULL, *email = NULL, *mobile = NULL;
	const char *member_type = NULL, *field, *why;
	const char *org_arg = NULL;
	int64_t org = 0;
	bool pw_stdin = false;
	char password[256];
	struct db *db;
	int64_t id = 0;
	int opt, rc;

	if (cli_config_begin(&cfg, argc, argv) != 0)
		return 1;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'r': role = optarg; break;
		case 'O': org_arg = optarg; break;
		case 'u': username = optarg; break;
		case 'e': email = optarg; break;
		case 'M': mobile = optarg; break;
		case 'T': member_type = optarg; break;
		case 'P': pw_stdin = true; break;
		case 'h': user_usage(stdout); return 0;
		case '?': user_usage(stderr); return 2;
		default:
			if (cli_config_option(&cfg, opt, optarg) != 0)
				return 2;
		}
	}
	if (!role || !username || !email || !pw_stdin || optind < argc) {
		user_usage(stderr);
		return 2;
	}
	if (cli_config_end(&cfg) != 0)
		return 2;
	if (read_password(password, sizeof password) != 0) {
		fprintf(stderr, "rosterd: no password on standard input\n");
		return 2;
	}
	log_set_level(1);
	db = db_open(cfg.db_path);
	if (!db) {
		sodium_memzero(password, sizeof password);
		return 1;
	}
	if (store_migrate(db, NULL) != ST_OK) {
		db_close(db);
		sodium_memzero(password, sizeof password);
		return 1;
	}
	if (org_arg && resolve_branch(db, org_arg, &org) != 0) {
		db_close(db);
		sodium_memzero(password, sizeof password);
		return 2;
	}
	rc = auth_account_create(db, 0, role, org, username, email, mobile,
	                         member_type ? member_type : "individual", password,
	                         &id, &field, &why);
	sodium_memzero(password, sizeof password);
	db_close(db);
	switch (rc) {
	case ST_OK:
		printf("rosterd: account %lld (%s, %s) created\n", (long long)id, username, role);
		return 0;
	case ST_EXISTS:
		fprintf(stderr, "rosterd: the %s is taken\n", field);
		return 1;
	case ST_CONFLICT:
		fprintf(stderr, "rosterd: %s: %s\n", field, _(why));
		return 2;
	default:
		fprintf(stderr, "rosterd: the account could not be created\n");
		return 1;
	}
}

/* ---------------------------------------------------------------- the others */

struct cmd_args {
	const char *user, *role, *org, *status;
	bool pw_stdin;
};

/* Parse a command's options; the account argument goes into a->user. 0,
 * -1 after --help, or the exit status (1, 2). */
static int cmd_parse(int argc, char **argv, struct config *cfg, struct cmd_args *a,
                     bool want_user)
{
	static const struct option opts[] = {
		CLI_CONFIG_OPTIONS,
		{ "role",           required_argument, NULL, 'r' },
		{ "org",            required_argument, NULL, 'O' },
		{ "status",         required_argument, NULL, 's' },
		{ "password-stdin", no_argument,       NULL, 'P' },
		{ "help",           no_argument,       NULL, 'h' },
		{ 0 }
	};
	int opt;

	memset(a, 0, sizeof *a);
	if (cli_config_begin(cfg, argc, argv) != 0)
		return 1;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'r': a->role = optarg; break;
		case 'O': a->org = optarg; break;
		case 's': a->status = optarg; break;
		case 'P': a->pw_stdin = true; break;
		case 'h': user_usage(stdout); return -1;
		case '?': user_usage(stderr); return 2;
		default:
			if (cli_config_option(cfg, opt, optarg) != 0)
				return 2;
		}
	}
	if (want_user) {
		if (optind + 1 != argc) {
			user_usage(stderr);
			return 2;
		}
		a->user = argv[optind];
	} else if (optind != argc) {
		user_usage(stderr);
		return 2;
	}
	return cli_config_end(cfg) != 0 ? 2 : 0;
}

static struct db *cmd_db(const struct config *cfg)
{
	struct db *db;

	log_set_level(1);
	db = db_open(cfg->db_path);
	if (db && store_migrate(db, NULL) != ST_OK) {
		db_close(db);
		return NULL;
	}
	return db;
}

/* The account named by a username, e-mail address or id. */
static int find_account(struct db *db, const char *user, struct account *a)
{
	char *end;
	long long id = strtoll(user, &end, 10);

	if (*user && !*end && id > 0)
		return store_account_get(db, id, a);
	return store_account_by_login(db, user, a);
}

static int report(const struct admin_out *o, const char *user, const char *done)
{
	if (o->err == ERR_OK) {
		printf("rosterd: %s %s\n", user, done);
		return 0;
	}
	fprintf(stderr, "rosterd: %s: %s\n", user, o->msg ? o->msg : _(err_message(o->err)));
	return o->err == ERR_VALIDATION ? 2 : 1;
}

struct list_out {
	struct db *db;
	int n;
};

static void list_row(const struct account *a, void *arg)
{
	struct list_out *l = arg;
	struct org g;
	char when[32] = "-";

	if (a->last_login_at) {
		time_t t = (time_t)a->last_login_at;
		struct tm tm;

		localtime_r(&t, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	}
	if (a->org_id && store_org_get(l->db, a->org_id, &g) == ST_OK) {
		printf("%-6lld %-20s %-12s %-4s %-8s %-16s %s\n", (long long)a->id, a->username,
		       a->role, g.code, a->status, when, a->email);
		org_free(&g);
	} else {
		printf("%-6lld %-20s %-12s %-4s %-8s %-16s %s\n", (long long)a->id, a->username,
		       a->role, "-", a->status, when, a->email);
	}
	l->n++;
}

static int user_list(int argc, char **argv)
{
	static struct config cfg;
	struct staff_account_filter f = { 0 };
	struct cmd_args a;
	struct list_out l = { 0 };
	int64_t total = 0;
	int rc = cmd_parse(argc, argv, &cfg, &a, false);

	if (rc)
		return rc < 0 ? 0 : rc;
	if (a.role && strcmp(a.role, "member") == 0) {
		fprintf(stderr, "rosterd: user list shows staff accounts; members are in the "
		        "staff console\n");
		return 2;
	}
	f.role = a.role;
	f.status = a.status;
	l.db = cmd_db(&cfg);
	if (!l.db)
		return 1;
	printf("%-6s %-20s %-12s %-4s %-8s %-16s %s\n", "ID", "USERNAME", "ROLE", "ORG",
	       "STATUS", "LAST LOGIN", "E-MAIL");
	rc = store_account_list_staff(l.db, &f, 100000, 0, list_row, &l, &total) == ST_OK ? 0 : 1;
	db_close(l.db);
	return rc;
}

static int user_status(int argc, char **argv, bool enable)
{
	static struct config cfg;
	struct admin_out o = { 0 };
	struct cmd_args a;
	struct account acc;
	struct db *db;
	int rc = cmd_parse(argc, argv, &cfg, &a, true);

	if (rc)
		return rc < 0 ? 0 : rc;
	if (!(db = cmd_db(&cfg)))
		return 1;
	if (find_account(db, a.user, &acc) != ST_OK) {
		fprintf(stderr, "rosterd: no account \"%s\"\n", a.user);
		db_close(db);
		return 1;
	}
	admin_set_status(db, 0, acc.id, strcmp(acc.role, "member") ? ADMIN_STAFF : ADMIN_MEMBER,
	                 enable, NULL, &o);
	rc = report(&o, acc.username, enable ? "enabled" : "disabled; its sessions have ended");
	account_free(&acc);
	db_close(db);
	return rc;
}

static int user_set_role(int argc, char **argv)
{
	static struct config cfg;
	struct admin_out o = { 0 };
	struct cmd_args a;
	struct account acc;
	struct db *db;
	int64_t org = 0;
	int rc = cmd_parse(argc, argv, &cfg, &a, true);

	if (rc)
		return rc < 0 ? 0 : rc;
	if (!a.role) {
		user_usage(stderr);
		return 2;
	}
	if (!(db = cmd_db(&cfg)))
		return 1;
	if (a.org && resolve_branch(db, a.org, &org) != 0) {
		db_close(db);
		return 2;
	}
	if (find_account(db, a.user, &acc) != ST_OK) {
		fprintf(stderr, "rosterd: no account \"%s\"\n", a.user);
		db_close(db);
		return 1;
	}
	admin_set_role(db, 0, acc.id, a.role, org, &o);
	rc = report(&o, acc.username, "has its new role");
	account_free(&acc);
	db_close(db);
	return rc;
}

static int user_reset(int argc, char **argv)
{
	static struct config cfg;
	struct admin_out o = { 0 };
	struct cmd_args a;
	struct account acc;
	char password[256];
	struct db *db;
	int rc = cmd_parse(argc, argv, &cfg, &a, true);

	if (rc)
		return rc < 0 ? 0 : rc;
	if (!a.pw_stdin) {
		user_usage(stderr);
		return 2;
	}
	if (read_password(password, sizeof password) != 0) {
		fprintf(stderr, "rosterd: no password on standard input\n");
		return 2;
	}
	if (!(db = cmd_db(&cfg))) {
		sodium_memzero(password, sizeof password);
		return 1;
	}
	if (find_account(db, a.user, &acc) != ST_OK) {
		fprintf(stderr, "rosterd: no account \"%s\"\n", a.user);
		sodium_memzero(password, sizeof password);
		db_close(db);
		return 1;
	}
	admin_set_password(db, 0, acc.id, strcmp(acc.role, "member") ? ADMIN_STAFF : ADMIN_MEMBER,
	                   password, &o);
	sodium_memzero(password, sizeof password);
	rc = report(&o, acc.username, "has a new password; its sessions have ended");
	account_free(&acc);
	db_close(db);
	return rc;
}

int cli_user(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		user_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "add") == 0)
		return user_add(argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return user_list(argc - 1, argv + 1);
	if (strcmp(argv[1], "disable") == 0 || strcmp(argv[1], "enable") == 0)
		return user_status(argc - 1, argv + 1, argv[1][0] == 'e');
	if (strcmp(argv[1], "set-role") == 0)
		return user_set_role(argc - 1, argv + 1);
	if (strcmp(argv[1], "reset") == 0)
		return user_reset(argc - 1, argv + 1);
	fprintf(stderr, "rosterd: unknown user command \"%s\"\n", argv[1]);
	user_usage(stderr);
	return 2;
}
