// field_cipher.h — encryption at rest of personal values (docs/store-and-sync.md, "SQLite facts").
//
// Each value is sealed with libsodium's XChaCha20-Poly1305 (IETF) under a 32-byte key that lives in a
// file outside the database. A sealed blob is
//
//     [1 byte format/key version][24 byte random nonce][ciphertext + 16 byte tag]
//
// and its associated data binds it to where it is stored ("table/column/row-uuid"), so a blob copied
// to another row or column does not open. The version byte is authenticated too; it names the key
// generation — 1 for a store's first key, one more at each rotation (Store::rotate_key,
// offline/key_rotation.h) — so that a blob always says which key sealed it. The cipher itself is the
// same for every generation; a FieldCipher holds one key and opens only blobs of its own generation.
//
// Key file rules: created on first start with mode 0600 (written to a temporary name, fsync'd, then
// linked into place so that a crash or a concurrent opener never sees a half-written key, and the
// directory fsync'd); refused with a clear error when it is not a regular file owned by this user,
// when its mode grants anything to group or others, or when its size is not 32 bytes. The key in
// memory is mlock'ed and zeroed on destruction.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"

namespace zhidui::offline {

inline constexpr size_t kFieldKeyBytes = 32;
inline constexpr uint8_t kFieldFormatV1 = 1;  // key generation 1, XChaCha20-Poly1305 IETF
inline constexpr uint8_t kLastKeyGeneration = 255;  // the version byte's last value

enum class KeyFileMode : uint8_t {
  create_if_absent,  // first start: make a new random key
  must_exist,        // the database already holds data sealed with a key: never make a new one
};

class FieldCipher {
 public:
  // Loads (or creates, see KeyFileMode) the key file, as the key of `generation` (the store records
  // which generation is current). Error codes: "key.missing", "key.permissions", "key.size", "key.io",
  // "key.generation" (0 is not a generation).
  static Result<std::unique_ptr<FieldCipher>> from_key_file(const std::string& key_path, KeyFileMode mode,
                                                            uint8_t generation = kFieldFormatV1);
  // A cipher over the given key bytes (tests, tools). The bytes are copied into locked memory.
  static Result<std::unique_ptr<FieldCipher>> from_key_bytes(std::string_view key, uint8_t generation = kFieldFormatV1);
  // A new random key of `generation` (1..kLastKeyGeneration), for a key rotation.
  static std::unique_ptr<FieldCipher> generate(uint8_t generation);
  ~FieldCipher();
  FieldCipher(const FieldCipher&) = delete;
  FieldCipher& operator=(const FieldCipher&) = delete;

  uint8_t generation() const { return generation_; }

  // Writes this key to a new file at `path` with the rules above (0600, fsync'd, linked into place,
  // directory fsync'd). "key.exists" when `path` already exists (it is never replaced), "key.io".
  Status write_key_file(const std::string& path) const;

  // The blob described above, with this key's generation as its version byte. Never fails
  // (libsodium's encryption cannot, for sane sizes).
  std::string seal(std::string_view plaintext, std::string_view associated_data) const;
  // The plaintext, or "cipher.format" (too short, or a version byte other than this key's generation)
  // / "cipher.auth" (tampered, wrong associated data or wrong key — indistinguishable by design).
  Result<std::string> open(std::string_view blob, std::string_view associated_data) const;

  // A keyed hash of `value` (BLAKE2b-256 under a subkey derived from the field key for this purpose),
  // for finding rows by a personal value without decrypting every row and without storing the value:
  // equal values give equal indexes, and without the key the index cannot be tested against guesses.
  // `purpose` separates indexes of different columns (8 bytes, e.g. "idnumber").
  std::string blind_index(std::string_view purpose, std::string_view value) const;

  // "table/column/row" — the associated data of one stored value.
  static std::string associated_data(std::string_view table, std::string_view column, std::string_view row);

  // Bytes a sealed value adds to its plaintext (version + nonce + tag).
  static size_t overhead();

 private:
  explicit FieldCipher(uint8_t generation);
  unsigned char key_[kFieldKeyBytes];
  bool locked_ = false;
  uint8_t generation_;
};

}  // namespace zhidui::offline
