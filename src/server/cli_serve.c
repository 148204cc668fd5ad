/* rosterd serve: migrate if needed, bind, serve until SIGTERM/SIGINT. */
#include <errno.h>
#include <libintl.h>
#include <stdbool.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include "roster/i18n.h"
#include "roster/xalloc.h"
#include "cli.h"
#include "config.h"
#include "http.h"
#include "log.h"
#include "mail.h"
#include "pay/provider.h"
#include "roster/paths.h"
#include "service/notify.h"
#include "pdf.h"
#include "service/schedule.h"
#include "store/sessions.h"
#include "store/store.h"

static void serve_usage(FILE *f)
{
	fprintf(f,
		"usage: rosterd serve [--config FILE] [--db PATH] [--listen ADDR] [--port N]\n"
		"                     [--threads N] [--outbox DIR] [--data-dir DIR]\n"
		"                     [--base-url URL] [--set SECTION.KEY=VALUE] [--quiet]\n");
}

/* Bind and listen on listen:port; returns the socket and sets *bound. */
static int listen_socket(const char *host, int port, int *bound)
{
	struct addrinfo hints = { 0 }, *res = NULL;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	char portstr[8];
	int fd = -1, one = 1, rc;

	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	snprintf(portstr, sizeof portstr, "%d", port);
	rc = getaddrinfo(host, portstr, &hints, &res);
	if (rc != 0) {
		log_error("listen address %s: %s", host, gai_strerror(rc));
		return -1;
	}
	fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC, res->ai_protocol);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 511) != 0 ||
	    getsockname(fd, (struct sockaddr *)&ss, &sl) != 0) {
		log_error("cannot listen on %s port %d: %s", host, port, strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(res);
		return -1;
	}
	freeaddrinfo(res);
	*bound = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
	                                        : ((struct sockaddr_in *)&ss)->sin_port);
	return fd;
}

/* A PEM file for server.tls_cert or server.tls_key, NUL-terminated; NULL
 * after logging why. */
static char *read_pem(const char *key, const char *path)
{
	enum { PEM_MAX = 1 << 20 };   /* a certificate chain is a few KiB */
	FILE *f = fopen(path, "r");
	const char *why = NULL;
	char *buf = NULL;
	size_t len;

	if (!f) {
		log_error("%s %s: %s", key, path, strerror(errno));
		return NULL;
	}
	buf = xmalloc(PEM_MAX + 2);
	len = fread(buf, 1, PEM_MAX + 1, f);
	buf[len] = '\0';
	if (ferror(f))
		why = strerror(errno);
	else if (len > PEM_MAX)
		why = "file too large";
	else if (!strstr(buf, "-----BEGIN "))
		why = "not a PEM file";
	fclose(f);
	if (why) {
		log_error("%s %s: %s", key, path, why);
		xfree(&buf);
	}
	return buf;
}

/* Chinese is the users' language: without its catalogue every answer
 * would be English without a word said, so a server meant to speak Chinese
 * refuses to start, and one configured for English says what its Chinese
 * callers will get. */
static bool catalogue_check(const struct config *cfg)
{
	const char *dir = bindtextdomain(ROSTER_TEXTDOMAIN, NULL);

	if (dir && paths_catalogue_present(dir, "zh_CN"))
		return true;
	if (cfg->language && strncmp(cfg->language, "en", 2) == 0) {
		log_warn("no Chinese translations at %s/zh_CN/LC_MESSAGES/%s.mo: "
		         "callers asking for Chinese get English", dir ? dir : "?", ROSTER_TEXTDOMAIN);
		return true;
	}
	fprintf(stderr, "rosterd: no Chinese translations at %s/zh_CN/LC_MESSAGES/%s.mo; "
	        "install them (make install), point ROSTER_LOCALEDIR at them, or set "
	        "server.language = en to serve English only\n", dir ? dir : "?", ROSTER_TEXTDOMAIN);
	return false;
}

int cli_serve(int argc, char **argv)
{
	char why[256];
	static const struct option opts[] = {
		CLI_CONFIG_OPTIONS,
		{ "listen",   required_argument, NULL, 'l' },
		{ "port",     required_argument, NULL, 'p' },
		{ "threads",  required_argument, NULL, 't' },
		{ "outbox",   required_argument, NULL, 'o' },
		{ "base-url", required_argument, NULL, 'b' },
		{ "quiet",    no_argument,       NULL, 'q' },
		{ "help",     no_argument,       NULL, 'h' },
		{ 0 }
	};
	static struct config cfg;
	struct db *db;
	sigset_t set;
	int opt, fd, port = 0, sig, applied;
	const char *key;
	char *url_host;

	if (cli_config_begin(&cfg, argc, argv) != 0)
		return 1;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		key = NULL;
		switch (opt) {
		case 'l': key = "server.listen"; break;
		case 'p': key = "server.port"; break;
		case 't': key = "server.threads"; break;
		case 'o': key = "mail.outbox_dir"; break;
		case 'b': key = "server.base_url"; break;
		case 'q': log_set_level(1); continue;
		case 'h': serve_usage(stdout); return 0;
		case '?': serve_usage(stderr); return 2;
		default:
			if (cli_config_option(&cfg, opt, optarg) != 0)
				return 2;
			continue;
		}
		if (cli_config_set(&cfg, key, optarg) != 0)
			return 2;
	}
	if (optind < argc) {
		serve_usage(stderr);
		return 2;
	}
	if (cli_config_end(&cfg) != 0)
		return 2;
	if (!catalogue_check(&cfg)) {
		config_free(&cfg);
		return 1;
	}

	if (cfg.tls_cert) {
		cfg.tls_cert_pem = read_pem("server.tls_cert", cfg.tls_cert);
		cfg.tls_key_pem = cfg.tls_cert_pem ? read_pem("server.tls_key", cfg.tls_key) : NULL;
		if (!cfg.tls_key_pem) {
			config_free(&cfg);
			return 1;
		}
	}

	if (pay_gateways_check(why, sizeof why) != 0) {
		fprintf(stderr, "rosterd: payment gateway: %s\n", why);
		config_free(&cfg);
		return 1;
	}

	db = db_open(cfg.db_path);
	if (!db)
		return 1;
	if (store_migrate(db, &applied) != ST_OK) {
		db_close(db);
		return 1;
	}
	store_session_purge(db, store_now(), cfg.session_idle);
	db_close(db);

	fd = listen_socket(cfg.listen, cfg.port, &port);
	if (fd < 0)
		return 1;
	url_host = strchr(cfg.listen, ':') ? xasprintf("[%s]", cfg.listen) : xstrdup(cfg.listen);
	if (!cfg.base_url)
		cfg.base_url = xasprintf("%s://%s:%d", cfg.tls_cert ? "https" : "http",
		                         url_host, port);

	/* the threads started below inherit this mask, so the signals wait here */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (mail_start() != 0 || notify_start() != 0 || http_start(fd) != 0 ||
	    schedule_start() != 0 || store_events_start(http_wake) != 0) {
		schedule_stop();
		http_stop(0);
		notify_stop();
		mail_stop();
		close(fd);
		free(url_host);
		return 1;
	}
	printf("rosterd: listening on %s://%s:%d\n", cfg.tls_cert ? "https" : "http",
	       url_host, port);
	fflush(stdout);
	free(url_host);
	/* a PostgreSQL URL may hold a password */
	log_info("listening on %s port %d (database %s, mail %s)", cfg.listen, port,
	         db_path_is_pg(cfg.db_path) ? "on PostgreSQL" : cfg.db_path,
	         cfg.smtp_url ? "SMTP" : cfg.outbox_dir);
	if (cfg.pay_sandbox)
		log_warn("the sandbox payment provider is on (pay.sandbox = 1): members can "
		         "mark dues paid without money moving; switch it off on a real server");
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig == SIGHUP)
			continue;   /* no reload yet; stay up */
		break;
	}
	log_info("signal %d: finishing requests and stopping", sig);
	store_events_stop();
	schedule_stop();
	http_stop(cfg.stop_grace);
	notify_stop();
	mail_stop();
	pdf_shutdown();   /* fontconfig's caches, for leak checkers */
	log_info("stopped");
	config_free(&cfg);
	return 0;
}
