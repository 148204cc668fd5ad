/* My certificate (我的证书): the certificate drawn with box characters
 * (ASCII without UTF-8), its PDF saved to the download folder, or a QR code
 * of a hand-off link to download it on a phone. arg: NULL. */
#ifndef ROSTER_CLIENT_CERTIFICATE_H
#define ROSTER_CLIENT_CERTIFICATE_H

#include "app.h"

extern const struct screen_ops scr_certificate_ops;

#endif
