/* The style of the payment and verification pages (html/page.h). */
#include "http.h"
#include "i18n.h"
#include "html/page.h"

static const char page_css[] =
	HTML_PAGE_CSS
	".amount{font-size:2em;font-weight:600;margin:12px 0}"
	".ok{color:#137333}.bad{color:#b3261e}.muted{color:#5f6673;font-size:.9em}"
	"dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px}dt{color:#5f6673}"
	"dd{margin:0}button{display:block;width:100%;padding:14px;font-size:1.1em;border:0;"
	"border-radius:8px;background:#07a35a;color:#fff;margin-top:16px}";

void html_page_send(struct resp *resp, int status, const char *title, const char *body)
{
	resp_private_html(resp, status, html_page(i18n_thread_english() ? "en" : "zh-CN", page_css,
	                                          title, body));
}
