// catalog_keeper.cpp — see catalog_keeper.h.
#include "runtime/catalog_keeper.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "base/fs.h"
#include "base/log.h"

namespace zhidui {
namespace {

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
  if (auto saved = fs::replace_file_atomically(last_good_path_, json_text, 0644, "catalog.save"); !saved)
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
