// catalog_keeper.cpp — see catalog_keeper.h.
#include "runtime/catalog_keeper.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "base/log.h"

namespace zhidui {
namespace {

// Write, fsync, rename: a power cut leaves the old or the new file, never half of one.
Status write_atomically(const std::string& path, std::string_view bytes) {
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return make_error("catalog.save", "cannot write " + tmp);
  bool ok = ::write(fd, bytes.data(), bytes.size()) == ssize_t(bytes.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return make_error("catalog.save", "cannot replace " + path);
  }
  return Ok{};
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("catalog.open", "cannot open catalog " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

}  // namespace

Result<Catalog> CatalogKeeper::adopt(std::string_view json_text, const std::string& source_name) {
  auto catalog = parse_catalog(json_text, source_name);
  if (!catalog) return catalog;
  if (auto saved = write_atomically(last_good_path_, json_text); !saved)
    log::warn("catalog", "catalog accepted but not kept as last good: " + saved.error().message);
  return catalog;
}

Result<Catalog> CatalogKeeper::load_or_last_good(const std::string& path, Error* refused) {
  auto text = read_file(path);
  auto catalog = text ? adopt(text.value(), path) : Result<Catalog>(text.error());
  if (catalog) return catalog;
  if (refused) *refused = catalog.error();
  log::error("catalog", "catalog refused: " + catalog.error().message);
  auto last = read_file(last_good_path_);
  if (!last) return catalog.error();
  auto fallback = parse_catalog(last.value(), last_good_path_);
  if (!fallback) return catalog.error();
  log::warn("catalog", "serving the last good catalog " + fallback->version);
  return fallback;
}

}  // namespace zhidui
