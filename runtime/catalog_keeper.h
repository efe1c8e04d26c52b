// catalog_keeper.h — keeps the last good catalog. Every catalog the kiosk is offered (the shipped file
// at start-up; later, a refresh from the platform) is validated completely; a good one is also written
// to the data folder atomically, and a broken one is refused with its precise message while the last
// good catalog stays in service.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "kiosk/catalog.h"

namespace zhidui {

class CatalogKeeper {
 public:
  explicit CatalogKeeper(std::string last_good_path) : last_good_path_(std::move(last_good_path)) {}

  // Validates `json_text`; on success keeps a copy as the last good catalog and returns it.
  Result<Catalog> adopt(std::string_view json_text, const std::string& source_name);
  // Reads a file and adopts it; when it is broken or missing, falls back to the last good catalog
  // (the refusal is in `refused` for the log and the technician).
  Result<Catalog> load_or_last_good(const std::string& path, Error* refused);

 private:
  std::string last_good_path_;
};

}  // namespace zhidui
