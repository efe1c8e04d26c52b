// field_cipher.cpp — see field_cipher.h.
//
// Sections: key file (read, create) · seal/open.
#include "offline/field_cipher.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "base/fs.h"
#include "base/log.h"

namespace zhidui::offline {
namespace {

constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == kFieldKeyBytes, "key size");

std::string errno_text(int err) { return std::string(std::strerror(err)); }

Status write_all(int fd, const unsigned char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return make_error("key.io", "cannot write key file: " + errno_text(errno));
    data += n;
    size -= size_t(n);
  }
  return Ok{};
}

// The AEAD's associated data is the version byte followed by the caller's "table/column/row", so the
// version byte cannot be changed without the tag failing.
std::string full_ad(uint8_t version, std::string_view associated_data) {
  std::string ad;
  ad.reserve(1 + associated_data.size());
  ad.push_back(char(version));
  ad.append(associated_data);
  return ad;
}

Status check_generation(uint8_t generation) {
  if (generation == 0) return make_error("key.generation", "key generation 0 does not exist (generations start at 1)");
  return Ok{};
}

}  // namespace

// --- key file ------------------------------------------------------------------------------------------

FieldCipher::FieldCipher(uint8_t generation) : generation_(generation) {
  assert(generation != 0 && "key generations start at 1");
  [[maybe_unused]] int rc = sodium_init();
  assert(rc >= 0 && "libsodium failed to initialise");
  // Keeping the key out of swap is best effort: RLIMIT_MEMLOCK may refuse, and the kiosk must still run.
  locked_ = sodium_mlock(key_, sizeof key_) == 0;
  if (!locked_) log::warn("cipher", "could not mlock the field key (RLIMIT_MEMLOCK?); continuing unlocked");
}

FieldCipher::~FieldCipher() {
  if (locked_) {
    sodium_munlock(key_, sizeof key_);  // zeroes before unlocking
  } else {
    sodium_memzero(key_, sizeof key_);
  }
}

size_t FieldCipher::overhead() { return 1 + kNonceBytes + kTagBytes; }

Result<std::unique_ptr<FieldCipher>> FieldCipher::from_key_bytes(std::string_view key, uint8_t generation) {
  if (key.size() != kFieldKeyBytes)
    return make_error("key.size", "field key must be " + std::to_string(kFieldKeyBytes) + " bytes");
  if (auto s = check_generation(generation); !s) return s.error();
  std::unique_ptr<FieldCipher> cipher(new FieldCipher(generation));
  std::memcpy(cipher->key_, key.data(), kFieldKeyBytes);
  return cipher;
}

std::unique_ptr<FieldCipher> FieldCipher::generate(uint8_t generation) {
  std::unique_ptr<FieldCipher> cipher(new FieldCipher(generation));
  randombytes_buf(cipher->key_, kFieldKeyBytes);
  return cipher;
}

namespace {

// Reads exactly kFieldKeyBytes into `out` after checking what the file is and who may read it.
Status read_key_file(const std::string& key_path, unsigned char* out) {
  int fd = ::open(key_path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT) return make_error("key.missing", "field key file " + key_path + " does not exist");
    if (err == ELOOP) return make_error("key.permissions", "field key file " + key_path + " is a symbolic link");
    return make_error("key.io", "cannot open field key file " + key_path + ": " + errno_text(err));
  }
  struct stat st{};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return make_error("key.io", "cannot stat field key file " + key_path + ": " + errno_text(err));
  }
  auto refuse = [&](std::string code, std::string message) -> Status {
    ::close(fd);
    return make_error(std::move(code), std::move(message));
  };
  if (!S_ISREG(st.st_mode)) return refuse("key.permissions", "field key " + key_path + " is not a regular file");
  if (st.st_uid != ::geteuid())
    return refuse("key.permissions", "field key file " + key_path + " is owned by uid " + std::to_string(st.st_uid) +
                                         ", not by the kiosk user (uid " + std::to_string(::geteuid()) + ")");
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", unsigned(st.st_mode & 07777));
    return refuse("key.permissions", "field key file " + key_path + " has mode " + mode +
                                         "; it must be readable by its owner only (chmod 600)");
  }
  if (st.st_size != off_t(kFieldKeyBytes))
    return refuse("key.size", "field key file " + key_path + " has " + std::to_string(st.st_size) +
                                  " bytes; it must have exactly " + std::to_string(kFieldKeyBytes));
  size_t got = 0;
  while (got < kFieldKeyBytes) {
    ssize_t n = ::read(fd, out + got, kFieldKeyBytes - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = n < 0 ? errno : 0;
      sodium_memzero(out, kFieldKeyBytes);
      return refuse("key.io", "cannot read field key file " + key_path + (err ? ": " + errno_text(err) : ": short read"));
    }
    got += size_t(n);
  }
  ::close(fd);
  return Ok{};
}

// Writes `key` under a temporary name, syncs it, then link()s it to key_path: link fails rather than
// replace an existing file, and readers never see a partial key. Returns "key.exists" when another
// opener won the race (the caller then reads that key).
Status create_key_file(const std::string& key_path, const unsigned char* key) {
  unsigned char tag[8];
  randombytes_buf(tag, sizeof tag);
  char suffix[40];
  std::snprintf(suffix, sizeof suffix, ".new-%d-%02x%02x%02x%02x", int(::getpid()), tag[0], tag[1], tag[2], tag[3]);
  const std::string temp_path = key_path + suffix;

  int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return make_error("key.io", "cannot create field key file " + temp_path + ": " + errno_text(errno));
  // The umask may only have narrowed the mode; set it exactly so that our own reader accepts it.
  Status status = Ok{};
  if (::fchmod(fd, 0600) != 0) status = make_error("key.io", "cannot chmod field key file: " + errno_text(errno));
  if (status.ok()) status = write_all(fd, key, kFieldKeyBytes);
  if (status.ok() && ::fsync(fd) != 0)
    status = make_error("key.io", "cannot fsync field key file: " + errno_text(errno));
  ::close(fd);
  if (status.ok() && ::link(temp_path.c_str(), key_path.c_str()) != 0) {
    int err = errno;
    status = err == EEXIST ? make_error("key.exists", "field key file appeared concurrently")
                           : make_error("key.io", "cannot link field key file " + key_path + ": " + errno_text(err));
  }
  ::unlink(temp_path.c_str());
  if (status.ok()) status = fs::fsync_parent_dir(key_path, "key.io");
  return status;
}

}  // namespace

Status FieldCipher::write_key_file(const std::string& path) const {
  Status created = create_key_file(path, key_);
  if (!created.ok() && created.error().code == "key.exists")
    return make_error("key.exists", "field key file " + path + " already exists; it is never replaced");
  return created;
}

Result<std::unique_ptr<FieldCipher>> FieldCipher::from_key_file(const std::string& key_path, KeyFileMode mode,
                                                                uint8_t generation) {
  if (auto s = check_generation(generation); !s) return s.error();
  std::unique_ptr<FieldCipher> cipher(new FieldCipher(generation));
  Status read = read_key_file(key_path, cipher->key_);
  if (read.ok()) return cipher;
  if (read.error().code != "key.missing" || mode == KeyFileMode::must_exist) return read.error();

  randombytes_buf(cipher->key_, kFieldKeyBytes);
  Status created = create_key_file(key_path, cipher->key_);
  if (created.ok()) {
    log::info("cipher", "created a new field key file " + key_path);
    return cipher;
  }
  if (created.error().code != "key.exists") return created.error();
  // Another connection (the UI's and the sync worker's stores start together) created it first.
  Status reread = read_key_file(key_path, cipher->key_);
  if (!reread.ok()) return reread.error();
  return cipher;
}

// --- seal / open ---------------------------------------------------------------------------------------

std::string FieldCipher::associated_data(std::string_view table, std::string_view column, std::string_view row) {
  std::string ad;
  ad.reserve(table.size() + column.size() + row.size() + 2);
  ad.append(table).append("/").append(column).append("/").append(row);
  return ad;
}

std::string FieldCipher::seal(std::string_view plaintext, std::string_view associated_data) const {
  const std::string ad = full_ad(generation_, associated_data);
  std::string blob(1 + kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(blob.data());
  out[0] = generation_;
  randombytes_buf(out + 1, kNonceBytes);  // 192-bit random nonces: no counter to persist, no reuse risk
  unsigned long long cipher_len = 0;
  [[maybe_unused]] int rc = crypto_aead_xchacha20poly1305_ietf_encrypt(
      out + 1 + kNonceBytes, &cipher_len, reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr, out + 1, key_);
  assert(rc == 0 && cipher_len == plaintext.size() + kTagBytes && "XChaCha20-Poly1305 encryption cannot fail");
  return blob;
}

Result<std::string> FieldCipher::open(std::string_view blob, std::string_view associated_data) const {
  if (blob.size() < overhead()) return make_error("cipher.format", "sealed value is too short to be valid");
  const auto* in = reinterpret_cast<const unsigned char*>(blob.data());
  if (in[0] != generation_)
    return make_error("cipher.format", "sealed value has format/key version " + std::to_string(in[0]) +
                                           "; this key is generation " + std::to_string(generation_));
  const std::string ad = full_ad(in[0], associated_data);
  const size_t cipher_len = blob.size() - 1 - kNonceBytes;
  std::string plaintext(cipher_len - kTagBytes, '\0');
  unsigned long long plain_len = 0;
  int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
      reinterpret_cast<unsigned char*>(plaintext.data()), &plain_len, nullptr, in + 1 + kNonceBytes, cipher_len,
      reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), in + 1, key_);
  if (rc != 0)
    return make_error("cipher.auth", "sealed value failed authentication (tampered, moved to another row or "
                                     "column, or sealed with another key)");
  assert(plain_len == plaintext.size() && "decrypted length must match");
  return plaintext;
}

}  // namespace zhidui::offline

// --- blind index ------------------------------------------------------------------------------------------

namespace zhidui::offline {

std::string FieldCipher::blind_index(std::string_view purpose, std::string_view value) const {
  // The KDF context is exactly 8 bytes; a purpose is padded or cut to that length.
  char context[crypto_kdf_CONTEXTBYTES] = {'.', '.', '.', '.', '.', '.', '.', '.'};
  std::memcpy(context, purpose.data(), std::min(purpose.size(), sizeof context));
  unsigned char subkey[crypto_generichash_KEYBYTES];
  static_assert(crypto_generichash_KEYBYTES >= crypto_kdf_BYTES_MIN && crypto_generichash_KEYBYTES <= crypto_kdf_BYTES_MAX);
  static_assert(kFieldKeyBytes == crypto_kdf_KEYBYTES, "the field key is a KDF master key");
  [[maybe_unused]] int rc = crypto_kdf_derive_from_key(subkey, sizeof subkey, /*subkey_id=*/1, context, key_);
  assert(rc == 0 && "crypto_kdf_derive_from_key takes these sizes");
  unsigned char out[crypto_generichash_BYTES];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(value.data()), value.size(), subkey,
                     sizeof subkey);
  sodium_memzero(subkey, sizeof subkey);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

}  // namespace zhidui::offline
