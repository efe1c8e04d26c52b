// technician_auth.cpp — see technician_auth.h.
#include "kiosk/technician_auth.h"

#include <sodium.h>

#include <algorithm>

namespace zhidui {

Result<std::string> TechnicianAuth::hash_pin(std::string_view pin) {
  if (sodium_init() < 0) return make_error("auth.sodium", "libsodium failed to initialise");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return make_error("auth.hash", "argon2id hashing failed (out of memory?)");
  return std::string(out);
}

TechnicianAuth::Attempt TechnicianAuth::try_pin(std::string_view pin, int64_t now_ms) {
  if (now_ms < locked_until_ms_) return {Outcome::locked, locked_until_ms_ - now_ms};
  if (sodium_init() >= 0 && !pin.empty() &&
      crypto_pwhash_str_verify(pin_hash_.c_str(), pin.data(), pin.size()) == 0) {
    failures_ = 0;
    return {Outcome::granted, 0};
  }
  ++failures_;
  if (failures_ < kFreeAttempts) return {Outcome::wrong, 0};
  int doublings = std::min(failures_ - kFreeAttempts, 20);
  int64_t lock = std::min(kMaxLockMs, kFirstLockMs << doublings);
  locked_until_ms_ = now_ms + lock;
  return {Outcome::wrong, lock};
}

}  // namespace zhidui
