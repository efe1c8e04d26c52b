// catalog.cpp — see catalog.h.
#include "tools/platform-sim/catalog.h"

#include <sodium.h>
#include <sys/stat.h>

#include <cassert>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "base/log.h"

namespace zhidui::platform_sim {
namespace {

// Catalog format 1 (docs/catalog-format.md) with no items: enough for a client to exercise the
// endpoint when no catalog file is at hand.
constexpr const char* kBuiltinCatalog = R"({"format":1,"version":"platform-sim-builtin-1","items":[]})";

CatalogSnapshot snapshot_of(std::string body) {
  std::string etag = "\"sha256:" + sha256_hex(body) + "\"";
  return {std::move(body), std::move(etag)};
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

std::string strip_weak(std::string tag) { return tag.rfind("W/", 0) == 0 ? tag.substr(2) : tag; }

}  // namespace

std::string sha256_hex(const std::string& bytes) {
  [[maybe_unused]] int rc = sodium_init();
  assert(rc >= 0 && "libsodium failed to initialise");
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

bool if_none_match_hits(const std::string& header_value, const std::string& etag) {
  std::string_view rest = header_value;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string tag = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (tag == "*" || strip_weak(tag) == strip_weak(etag)) return true;
  }
  return false;
}

Result<CatalogSource> CatalogSource::load(const std::string& path) {
  CatalogSource source;
  source.path_ = path;
  if (path.empty()) {
    source.snapshot_ = snapshot_of(kBuiltinCatalog);
    return source;
  }
  if (auto s = source.reload_if_changed(); !s) return s.error();
  return source;
}

CatalogSource::CatalogSource(CatalogSource&& other) noexcept
    : path_(std::move(other.path_)),
      file_size_(other.file_size_),
      file_mtime_ns_(other.file_mtime_ns_),
      snapshot_(std::move(other.snapshot_)) {}

Status CatalogSource::reload_if_changed() {
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0) return make_error("catalog.missing", "cannot stat " + path_);
  int64_t mtime_ns = int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  if (st.st_size == file_size_ && mtime_ns == file_mtime_ns_) return Ok{};
  std::ifstream in(path_, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) return make_error("catalog.read", "cannot read " + path_);
  std::string body = bytes.str();
  if (!nlohmann::json::accept(body)) return make_error("catalog.json", path_ + " is not valid JSON");
  snapshot_ = snapshot_of(std::move(body));
  file_size_ = st.st_size;
  file_mtime_ns_ = mtime_ns;
  log::info("platform-sim", "catalog loaded from " + path_ + ", etag " + snapshot_.etag.substr(0, 16) + "…\"");
  return Ok{};
}

CatalogSnapshot CatalogSource::current() {
  std::lock_guard lock(mutex_);
  if (!path_.empty()) {
    if (auto s = reload_if_changed(); !s) log::warn("platform-sim", s.error().message + "; serving the last good catalog");
  }
  return snapshot_;
}

}  // namespace zhidui::platform_sim
