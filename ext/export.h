/*
** export.h: how a library marks its entry point as exported.
**
** Libraries are built with -fvisibility=hidden (VISIBILITY in mk/symbols.mk),
** so nothing but what carries EXTENSION_EXPORT is visible to the program
** that loads them: internal names cannot clash with the application's or
** another extension's. On Windows the entry point goes in the DLL's export
** table instead. Compiled into an application (-DSQLITE_CORE) it is an
** ordinary function.
*/
#ifndef HTTPSTATUS_EXPORT_H
#define HTTPSTATUS_EXPORT_H

#if defined(_WIN32) && !defined(SQLITE_CORE)
#define EXTENSION_EXPORT __declspec(dllexport)
#elif defined(__GNUC__)
#define EXTENSION_EXPORT __attribute__((visibility("default")))
#else
#define EXTENSION_EXPORT
#endif

#endif
