// key_rotation.cpp — see key_rotation.h.
#include "offline/key_rotation.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/fs.h"
#include "base/log.h"
#include "offline/field_cipher.h"

namespace zhidui::offline {
namespace {

constexpr const char* kComponent = "cipher";

// Why a key file cannot serve, or "" when it opens the database.
std::string why_not_current(const std::string& path, uint8_t generation,
                            const std::function<bool(const FieldCipher&)>& opens_database) {
  auto cipher = FieldCipher::from_key_file(path, KeyFileMode::must_exist, generation);
  if (!cipher.ok()) return cipher.error().message;
  if (!opens_database(*cipher.value())) return path + " does not open the database's key check";
  return {};
}

}  // namespace

std::string next_key_path(const std::string& key_path) { return key_path + ".next"; }

bool next_key_exists(const std::string& key_path) {
  struct stat st{};
  return ::lstat(next_key_path(key_path).c_str(), &st) == 0;
}

Status write_next_key(const FieldCipher& next, const std::string& key_path) {
  Status written = next.write_key_file(next_key_path(key_path));
  if (!written.ok() && written.error().code == "key.exists")
    return make_error("key.exists", next_key_path(key_path) +
                                        " exists: an earlier rotation is unfinished (opening the store settles it)");
  return written;
}

Status settle_key_files(const std::string& key_path, uint8_t generation,
                        const std::function<bool(const FieldCipher&)>& opens_database) {
  const std::string next_path = next_key_path(key_path);
  if (!next_key_exists(key_path)) return Ok{};

  // The current key file first: while it opens the database, the new key was never committed.
  const std::string current_problem = why_not_current(key_path, generation, opens_database);
  if (current_problem.empty()) {
    if (::unlink(next_path.c_str()) != 0 && errno != ENOENT)
      return make_error("key.io", "cannot remove the unused key " + next_path + ": " + std::strerror(errno));
    if (auto s = fs::fsync_parent_dir(key_path, "key.io"); !s.ok()) return s;
    log::warn(kComponent, "a key rotation did not commit; removed its unused key " + next_path);
    return Ok{};
  }
  const std::string next_problem = why_not_current(next_path, generation, opens_database);
  if (!next_problem.empty())
    return make_error("key.rotation_unresolved",
                      "neither key file opens the database (" + current_problem + "; " + next_problem +
                          "); both are left as they are — restore the key file this database was written with");
  if (::rename(next_path.c_str(), key_path.c_str()) != 0)
    return make_error("key.io", "cannot rename " + next_path + " to " + key_path + ": " + std::strerror(errno));
  if (auto s = fs::fsync_parent_dir(key_path, "key.io"); !s.ok()) return s;
  log::info(kComponent, next_path + " replaced " + key_path + ": the field key is now generation " +
                            std::to_string(generation));
  return Ok{};
}

}  // namespace zhidui::offline
