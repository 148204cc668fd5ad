/* The small bilingual HTML pages rosterd serves to a phone (the sandbox
 * payment page, certificate verification). */
#ifndef ROSTERD_HTML_PAGE_H
#define ROSTERD_HTML_PAGE_H

struct resp;

/* A page with the payment and verification pages' style: title is escaped
 * here, body is trusted HTML. Never cached, indexed or framed. */
void html_page_send(struct resp *resp, int status, const char *title, const char *body);

#endif
