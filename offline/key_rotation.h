// key_rotation.h — rotating the field key (offline/field_cipher.h): the protocol, its key files, and
// what opening the store does with a rotation that a crash or a power cut interrupted. The database
// work itself is Store::rotate_key (offline/store.h); this file holds what it shares with every open.
//
// The database decides which key is current; the key files follow it. A rotation:
//   1. writes a new random key to <key>.next (mode 0600; the file and its directory fsync'd) — the
//      database is untouched and <key> still opens everything;
//   2. in ONE BEGIN IMMEDIATE transaction re-seals every sealed value and the key check under the new
//      key, recomputes every keyed index and records the new generation; COMMIT (WAL, synchronous=FULL);
//   3. renames <key>.next over <key> and fsyncs the directory.
// Whenever <key>.next exists when the store opens, the key check (sealed under the generation the
// database committed) says which file holds the current key: if <key> opens it, the transaction never
// committed and <key>.next is deleted; if only <key>.next opens it, the transaction committed and the
// rename is finished. If neither does, both files are left alone and the store does not open. So at every
// instant a file on disk opens every committed value, and a key is deleted only once the database has
// shown it is not needed. The store is opened exclusively for a rotation (StoreOptions::exclusive): a
// running kiosk makes the rotation refuse, and no kiosk connection can open the store in the middle of one.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "base/result.h"

namespace zhidui::offline {

class FieldCipher;

// The steps of a rotation, in order (KeyRotationOptions::after_step).
enum class KeyRotationStep : uint8_t {
  next_key_written,  // step 1 done: <key>.next is durable; the database is untouched
  values_resealed,   // step 2, inside the transaction, before COMMIT
  committed,         // step 2 done: the database is under the new key; <key> still holds the old one
  key_replaced,      // step 3 done: <key> holds the new key
};

struct KeyRotationOptions {
  // Called after each step. Tests end the process there to crash at each step.
  std::function<void(KeyRotationStep)> after_step;
};

struct KeyRotationReport {
  int generation = 0;              // the new key's generation
  int64_t values_resealed = 0;     // personal columns, upload bodies and the key check
  int64_t indexes_recomputed = 0;  // keyed blind indexes (the ID number's)
};

// "<key>.next": where step 1 writes the new key.
std::string next_key_path(const std::string& key_path);
bool next_key_exists(const std::string& key_path);

// Step 1. "key.exists" when <key>.next is already there (a rotation is unfinished: open the store first),
// "key.io".
Status write_next_key(const FieldCipher& next, const std::string& key_path);

// Step 3, and the recovery of an interrupted rotation: when <key>.next exists, keeps whichever of the two
// key files opens the database — `opens_database` says whether a key (loaded as `generation`, the one
// the database records) opens its key check — and removes or renames the other way round. Call it under
// the database's write lock so that two connections opening at once do not both act. Ok when there is
// no <key>.next. Error codes: "key.rotation_unresolved" (neither key opens the database; nothing was
// touched), "key.io".
Status settle_key_files(const std::string& key_path, uint8_t generation,
                        const std::function<bool(const FieldCipher&)>& opens_database);

}  // namespace zhidui::offline
