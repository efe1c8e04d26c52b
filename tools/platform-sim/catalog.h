// catalog.h — the policy catalog the simulator serves at GET /api/v1/catalog, with a strong ETag.
//
// The file given by --catalog is read at start (it must be JSON) and read again whenever its size or
// modification time changes, so a test or a human can publish a new catalog without a restart. A
// broken new version is refused and the last good one keeps being served. Without a file an empty
// built-in catalog (format 1, no items) is served.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "base/result.h"

namespace zhidui::platform_sim {

struct CatalogSnapshot {
  std::string body;
  std::string etag;  // "\"sha256:<hex>\"" — quotes included, as sent in the header
};

class CatalogSource {
 public:
  // `path` empty = the built-in catalog.
  static Result<CatalogSource> load(const std::string& path);
  CatalogSource(CatalogSource&& other) noexcept;
  // The current version, re-read from disk first if the file changed.
  CatalogSnapshot current();

 private:
  CatalogSource() = default;
  Status reload_if_changed();
  std::mutex mutex_;
  std::string path_;
  int64_t file_size_ = -1;
  int64_t file_mtime_ns_ = -1;
  CatalogSnapshot snapshot_;
};

// Lower-case hex SHA-256 of `bytes` (libsodium).
std::string sha256_hex(const std::string& bytes);

// True when an If-None-Match header value matches `etag` (weak comparison, lists and * allowed).
bool if_none_match_hits(const std::string& header_value, const std::string& etag);

}  // namespace zhidui::platform_sim
