/*
** version.h: generated from VERSION by mk/package.mk (make ext/version.h).
** Do not edit; tests/version.t checks that it matches VERSION.
*/
#ifndef HTTPSTATUS_VERSION_H
#define HTTPSTATUS_VERSION_H

#define HTTPSTATUS_VERSION "0.1.0"

#endif
