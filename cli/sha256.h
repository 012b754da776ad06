/* SHA-256 (FIPS 180-4), for recording which filters file produced an
 * output (`filterc route` into SQLite): the digest `sha256sum` prints. */
#ifndef FILTERC_CLI_SHA256_H
#define FILTERC_CLI_SHA256_H

#include <stddef.h>

/* Writes the 64 lowercase hex digits of data's digest and a NUL to hex. */
void sha256_hex(const void *data, size_t len, char hex[65]);

#endif
