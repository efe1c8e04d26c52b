// technician_auth.h — the technician's PIN: stored only as an argon2id hash (libsodium
// crypto_pwhash_str), with a lockout that grows after wrong PINs so a kiosk in a public hall cannot be
// guessed into: 3 wrong PINs lock for 30 s, each further wrong PIN doubles the lock, up to 1 hour.
// A correct PIN resets the count. Attempts while locked are refused without checking the PIN.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace zhidui {

class TechnicianAuth {
 public:
  // Demonstration PIN 135790 (demo mode only; production takes the hash from the configuration).
  static constexpr const char* kDemoPinHash =
      "$argon2id$v=19$m=65536,t=2,p=1$aCWxMrrwSc1uImzntr93Fg$PA/J09zwcS91nnczt6WiDMmOs5q3rHBWVVyWTkGjV+4";
  static constexpr int kFreeAttempts = 3;
  static constexpr int64_t kFirstLockMs = 30000;
  static constexpr int64_t kMaxLockMs = 3600000;

  static Result<std::string> hash_pin(std::string_view pin);

  explicit TechnicianAuth(std::string pin_hash) : pin_hash_(std::move(pin_hash)) {}

  enum class Outcome { granted, wrong, locked };
  struct Attempt {
    Outcome outcome;
    int64_t locked_for_ms = 0;  // how long the next attempt must wait (wrong or locked)
  };
  Attempt try_pin(std::string_view pin, int64_t now_ms);
  // False when no hash was given (a configuration too broken to name one): no PIN opens the panel.
  bool has_pin() const { return !pin_hash_.empty(); }
  int failures() const { return failures_; }

 private:
  std::string pin_hash_;
  int failures_ = 0;
  int64_t locked_until_ms_ = 0;
};

}  // namespace zhidui
