// http.h — the one place the platform simulator includes cpp-httplib.
//
// Debian ships cpp-httplib 0.11.4 as a compiled library (libcpp-httplib.so) plus a declarations-only
// header. The library was built with OpenSSL, zlib and Brotli support, and those switches change the
// layout of httplib::Request and of the client classes. Every translation unit must therefore see the
// same switches as the library (they are the Cflags of `pkg-config cpp-httplib`), or the program
// silently violates the ODR. Include this header, never <httplib.h> directly.
#pragma once

#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
#ifndef CPPHTTPLIB_ZLIB_SUPPORT
#define CPPHTTPLIB_ZLIB_SUPPORT
#endif
#ifndef CPPHTTPLIB_BROTLI_SUPPORT
#define CPPHTTPLIB_BROTLI_SUPPORT
#endif
#include <httplib.h>
