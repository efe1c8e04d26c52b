// key_rotation_test.cpp — Store::rotate_key and offline/key_rotation.h, against real files: after a
// rotation every sealed value opens under the new key and none under the old one, the ID-number index
// still finds the person, rotations chain; a rotation refuses while another connection has the store
// open, and stops before committing anything when a value cannot be opened; a crash at each step of the
// protocol (a child killed by SIGKILL from the step hook) and at random moments (kill -9 of a child
// rotating a store of 3,000 applications again and again; rounds: ZHIDUI_ROTATION_KILL_ROUNDS, default
// 12) leaves a store that opens, under the key the database committed, with every application intact.
//
// Sections: helpers · rotation · refusals · interrupted rotations · kill -9.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "base/log.h"
#include "base/uuid.h"
#include "offline/field_cipher.h"
#include "offline/key_rotation.h"
#include "offline/store.h"
#include "tests/offline/test_support.h"

namespace zhidui::offline {
namespace {

namespace fs = std::filesystem;

// --- helpers -----------------------------------------------------------------------------------------

// Made-up applicants, each with its own ID number, so that a value opened under the wrong row shows.
std::string id_number_of(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "4301021990%07d%c", i, i % 11 == 0 ? 'X' : '7');
  return buf;
}

NewApplication make_app(int i) {
  NewApplication app;
  app.uuid = make_uuid_v4();
  app.policy_id = "hn-employment-subsidy";
  app.policy_title = "一次性创业补贴";
  app.created_at = "2026-11-25T08:00:00Z";
  app.personal = {"测试" + std::to_string(i), id_number_of(i), "长沙市岳麓区测试路" + std::to_string(i) + "号",
                  "138" + std::to_string(10000000 + i), "6222" + std::to_string(100000000000000LL + i)};
  app.upload_body = R"({"uuid":")" + app.uuid + R"(","id_number":")" + id_number_of(i) + R"(","pad":")" +
                    std::string(300, 'p') + R"("})";
  return app;
}

std::string rating_body(const std::string& uuid) { return R"({"uuid":")" + uuid + R"(","rating":5})"; }

class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    sqlite3_busy_timeout(db_, 5000);
  }
  ~RawDb() { sqlite3_close(db_); }
  void exec(const std::string& sql) {
    char* msg = nullptr;
    EXPECT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg), SQLITE_OK) << (msg ? msg : "") << " in " << sql;
    sqlite3_free(msg);
  }
  std::string text(const std::string& sql) {
    std::string out;
    rows(sql, [&](sqlite3_stmt* s) {
      if (out.empty() && sqlite3_column_text(s, 0)) out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    });
    return out;
  }
  template <class F>
  void rows(const std::string& sql, F&& each) {
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db_);
    while (sqlite3_step(stmt) == SQLITE_ROW) each(stmt);
    sqlite3_finalize(stmt);
  }

 private:
  sqlite3* db_ = nullptr;
};

std::string column_text(sqlite3_stmt* s, int col) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
  return p ? std::string(p, size_t(sqlite3_column_bytes(s, col))) : std::string();
}
std::string column_blob(sqlite3_stmt* s, int col) {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(s, col));
  return p ? std::string(p, size_t(sqlite3_column_bytes(s, col))) : std::string();
}

// Every sealed value in the database with the associated data it was sealed with (the on-disk contract
// of store.cpp): the personal columns, the outbox bodies and the key check.
struct SealedValue {
  std::string where, associated_data, blob;
};

std::vector<SealedValue> sealed_values(const std::string& db_path) {
  std::vector<SealedValue> out;
  RawDb raw(db_path);
  raw.rows("SELECT uuid, name, id_number, address, phone, bank_account FROM applications", [&](sqlite3_stmt* s) {
    const std::string uuid = column_text(s, 0);
    const char* columns[] = {"name", "id_number", "address", "phone", "bank_account"};
    for (int i = 0; i < 5; ++i)
      out.push_back({uuid + "/" + columns[i], FieldCipher::associated_data("applications", columns[i], uuid),
                     column_blob(s, 1 + i)});
  });
  raw.rows("SELECT seq, uuid, kind, body FROM outbox", [&](sqlite3_stmt* s) {
    const std::string uuid = column_text(s, 1), kind = column_text(s, 2);
    out.push_back({"outbox " + column_text(s, 0), FieldCipher::associated_data("outbox", "body", uuid + "/" + kind),
                   column_blob(s, 3)});
  });
  raw.rows("SELECT value FROM meta WHERE key = 'key_check'", [&](sqlite3_stmt* s) {
    out.push_back({"key check", FieldCipher::associated_data("meta", "value", "key_check"), column_blob(s, 0)});
  });
  return out;
}

// How many of the database's sealed values `cipher` opens.
size_t values_opened_by(const FieldCipher& cipher, const std::vector<SealedValue>& values) {
  size_t opened = 0;
  for (const SealedValue& v : values) opened += cipher.open(v.blob, v.associated_data).ok() ? 1 : 0;
  return opened;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

int generation_in(const std::string& db_path) {
  return std::atoi(RawDb(db_path).text("SELECT value FROM meta WHERE key = 'key_generation'").c_str());
}

std::unique_ptr<FieldCipher> cipher_of(const std::string& key_bytes, int generation) {
  auto cipher = FieldCipher::from_key_bytes(key_bytes, uint8_t(generation));
  EXPECT_TRUE(cipher.ok());
  return cipher.ok() ? std::move(cipher).value() : nullptr;
}

std::unique_ptr<Store> open_store(const std::string& db, const std::string& key, bool exclusive = false) {
  StoreOptions options;
  options.exclusive = exclusive;
  auto opened = Store::open(db, key, options);
  EXPECT_TRUE(opened.ok()) << opened.error().code << ": " << opened.error().message;
  return opened.ok() ? std::move(opened).value() : nullptr;
}

int64_t wall_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// A store with `count` applications: every third also has a rating queued, and the first five were
// acknowledged. Kept in memory as what must come back.
struct Filled {
  TempDir dir;
  std::vector<NewApplication> apps;
  std::string db() const { return dir.file("kiosk.db"); }
  std::string key() const { return dir.file("field.key"); }
  std::string next_key() const { return next_key_path(key()); }

  explicit Filled(int count, const std::string& parent = std::filesystem::temp_directory_path().string())
      : dir(parent) {
    auto store = open_store(db(), key());
    if (!store) return;
    for (int i = 0; i < count; ++i) {
      apps.push_back(make_app(i));
      EXPECT_TRUE(store->submit(apps.back()).ok());
      if (i % 3 == 0) {
        EXPECT_TRUE(store->enqueue(apps.back().uuid, "rating", rating_body(apps.back().uuid)).ok());
      }
    }
    for (int i = 0; i < std::min(count, 5); ++i) {
      auto due = value_or_fail(store->next_due(wall_now_ms()));
      if (due) {
        EXPECT_TRUE(store->mark_done(due->seq, "HN-" + std::to_string(i), "accepted").ok());
      }
    }
  }

  // Mismatches between the store and `apps` (0 when every application is there, whole and readable),
  // reading everything through `store` — personal values, order, outbox rows — and the person index.
  int mismatches(Store& store) const {
    int bad = 0;
    for (size_t i = 0; i < apps.size(); ++i) {
      auto read = store.application(apps[i].uuid);
      if (!read.ok() || !read.value()) {
        ++bad;
        continue;
      }
      const StoredApplication& app = *read.value();
      const PersonalFields& want = apps[i].personal;
      if (app.seq != int64_t(i + 1) || app.personal.name != want.name || app.personal.id_number != want.id_number ||
          app.personal.address != want.address || app.personal.phone != want.phone ||
          app.personal.bank_account != want.bank_account)
        ++bad;
    }
    auto counts = store.outbox_counts();
    const int64_t expected_rows = int64_t(apps.size() + (apps.size() + 2) / 3);
    if (!counts.ok() || counts.value().pending + counts.value().done + counts.value().dead != expected_rows) ++bad;
    for (size_t i : {size_t(0), apps.size() / 2, apps.size() - 1}) {
      if (i >= apps.size()) continue;
      auto found = store.applications_for_person(apps[i].personal.id_number);
      if (!found.ok() || found.value().size() != 1 || found.value()[0].uuid != apps[i].uuid) ++bad;
    }
    return bad;
  }

  // Every upload body, opened with the key in the key file, is the one submitted.
  int body_mismatches() const {
    auto cipher = FieldCipher::from_key_file(key(), KeyFileMode::must_exist, uint8_t(generation_in(db())));
    if (!cipher.ok()) return int(apps.size());
    int bad = 0;
    RawDb raw(db());
    size_t seen = 0;
    for (const NewApplication& app : apps) {
      raw.rows("SELECT kind, body FROM outbox WHERE uuid = '" + app.uuid + "' ORDER BY seq", [&](sqlite3_stmt* s) {
        const std::string kind = column_text(s, 0);
        auto body = cipher.value()->open(column_blob(s, 1),
                                         FieldCipher::associated_data("outbox", "body", app.uuid + "/" + kind));
        ++seen;
        if (!body.ok() || body.value() != (kind == "application" ? app.upload_body : rating_body(app.uuid))) ++bad;
      });
    }
    return bad + (seen == apps.size() + (apps.size() + 2) / 3 ? 0 : 1);
  }
};

// --- rotation ------------------------------------------------------------------------------------------

TEST(KeyRotation, EveryValueOpensUnderTheNewKeyAndNoneUnderTheOld) {
  Filled f(40);
  ASSERT_EQ(f.apps.size(), 40u);
  const std::string old_key = read_bytes(f.key());
  const size_t value_count = sealed_values(f.db()).size();
  ASSERT_EQ(value_count, 40u * 5 + 40 + 14 + 1) << "5 columns each, 54 outbox bodies, the key check";

  auto store = open_store(f.db(), f.key(), /*exclusive=*/true);
  ASSERT_TRUE(store);
  auto report = store->rotate_key();
  ASSERT_TRUE(report.ok()) << report.error().code << ": " << report.error().message;
  EXPECT_EQ(report.value().generation, 2);
  EXPECT_EQ(report.value().values_resealed, int64_t(value_count));
  EXPECT_EQ(report.value().indexes_recomputed, 40);
  EXPECT_EQ(f.mismatches(*store), 0) << "the same connection goes on under the new key";
  std::error_code ec;
  EXPECT_EQ(fs::file_size(f.db() + "-wal", ec), 0u) << "the WAL no longer holds the old ciphertexts";
  store.reset();

  const std::string new_key = read_bytes(f.key());
  ASSERT_EQ(new_key.size(), kFieldKeyBytes);
  EXPECT_NE(new_key, old_key);
  EXPECT_FALSE(fs::exists(f.next_key()));
  struct stat st{};
  ASSERT_EQ(::stat(f.key().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(generation_in(f.db()), 2);

  const auto values = sealed_values(f.db());
  ASSERT_EQ(values.size(), value_count) << "no row added or removed";
  for (const SealedValue& v : values) EXPECT_EQ(uint8_t(v.blob.at(0)), 2) << v.where << " names the new generation";
  EXPECT_EQ(values_opened_by(*cipher_of(new_key, 2), values), value_count);
  // The old key opens nothing: neither as generation 1 (the version byte moved on) nor relabelled as
  // generation 2 (the values really are sealed under another key).
  EXPECT_EQ(values_opened_by(*cipher_of(old_key, 1), values), 0u);
  EXPECT_EQ(values_opened_by(*cipher_of(old_key, 2), values), 0u);

  auto reopened = open_store(f.db(), f.key());
  ASSERT_TRUE(reopened);
  EXPECT_EQ(f.mismatches(*reopened), 0);
  EXPECT_EQ(f.body_mismatches(), 0);
  EXPECT_EQ(app_or_fail(*reopened, f.apps[0].uuid).acceptance_no, "HN-0") << "non-personal columns untouched";
}

TEST(KeyRotation, ThePersonIsStillFoundByIdNumberThroughARecomputedIndex) {
  Filled f(12);
  auto index_of = [&](const std::string& uuid) {
    return RawDb(f.db()).text("SELECT hex(person_index) FROM applications WHERE uuid = '" + uuid + "'");
  };
  const std::string before = index_of(f.apps[7].uuid);
  ASSERT_EQ(before.size(), 64u);
  {
    auto store = open_store(f.db(), f.key(), true);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->rotate_key().ok());
  }
  EXPECT_NE(index_of(f.apps[7].uuid), before) << "the index is derived from the key: it must change with it";
  auto store = open_store(f.db(), f.key());
  ASSERT_TRUE(store);
  for (const NewApplication& app : f.apps) {
    auto found = value_or_fail(store->applications_for_person(app.personal.id_number));
    ASSERT_EQ(found.size(), 1u) << app.personal.name;
    EXPECT_EQ(found[0].uuid, app.uuid);
  }
  // A lower-case x as typed is the same person (the normalisation is kept across the rotation).
  std::string typed = f.apps[0].personal.id_number;
  typed.back() = 'x';
  EXPECT_EQ(value_or_fail(store->applications_for_person(typed)).size(), 1u);
  EXPECT_TRUE(value_or_fail(store->applications_for_person(id_number_of(999))).empty());
}

TEST(KeyRotation, RotatingTwiceAndThenSubmittingWorks) {
  Filled f(10);
  {
    auto store = open_store(f.db(), f.key(), true);
    ASSERT_TRUE(store);
    auto first = store->rotate_key();
    ASSERT_TRUE(first.ok()) << first.error().message;
    const std::string second_key = read_bytes(f.key());
    auto second = store->rotate_key();
    ASSERT_TRUE(second.ok()) << second.error().message;
    EXPECT_EQ(first.value().generation, 2);
    EXPECT_EQ(second.value().generation, 3);
    EXPECT_NE(read_bytes(f.key()), second_key);
  }
  EXPECT_EQ(generation_in(f.db()), 3);
  auto store = open_store(f.db(), f.key());
  ASSERT_TRUE(store);
  EXPECT_EQ(f.mismatches(*store), 0);
  EXPECT_EQ(f.body_mismatches(), 0);
  // The kiosk goes on: a new application is sealed under generation 3 and found again.
  f.apps.push_back(make_app(10));
  ASSERT_TRUE(store->submit(f.apps.back()).ok());
  EXPECT_EQ(f.mismatches(*store), 0);
  for (const SealedValue& v : sealed_values(f.db())) EXPECT_EQ(uint8_t(v.blob.at(0)), 3) << v.where;
}

TEST(KeyRotation, AnEmptyStoreRotatesItsKeyCheck) {
  TempDir dir;
  auto store = open_store(dir.file("kiosk.db"), dir.file("field.key"), true);
  ASSERT_TRUE(store);
  auto report = store->rotate_key();
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report.value().values_resealed, 1);
  EXPECT_EQ(report.value().indexes_recomputed, 0);
  store.reset();
  EXPECT_TRUE(open_store(dir.file("kiosk.db"), dir.file("field.key")));
}

// --- refusals --------------------------------------------------------------------------------------------

TEST(KeyRotationRefusal, RefusedWhileAnotherConnectionHasTheStoreOpen) {
  Filled f(3);
  const std::string old_key = read_bytes(f.key());
  auto kiosk = open_store(f.db(), f.key());  // a running kiosk's idle connection
  ASSERT_TRUE(kiosk);
  StoreOptions exclusive;
  exclusive.exclusive = true;
  auto refused = Store::open(f.db(), f.key(), exclusive);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "store.busy");
  EXPECT_EQ(read_bytes(f.key()), old_key);
  EXPECT_FALSE(fs::exists(f.next_key()));
  EXPECT_EQ(f.mismatches(*kiosk), 0);

  kiosk.reset();
  auto store = open_store(f.db(), f.key(), true);
  ASSERT_TRUE(store) << "once the kiosk is stopped the rotation may run";
  EXPECT_TRUE(store->rotate_key().ok());
}

TEST(KeyRotationRefusal, AConnectionThatIsNotExclusiveCannotRotate) {
  Filled f(3);
  const std::string old_key = read_bytes(f.key());
  auto store = open_store(f.db(), f.key());
  ASSERT_TRUE(store);
  auto refused = store->rotate_key();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "store.not_exclusive");
  EXPECT_EQ(read_bytes(f.key()), old_key);
  EXPECT_FALSE(fs::exists(f.next_key()));
}

TEST(KeyRotationRefusal, NoKioskConnectionOpensTheStoreWhileARotationHoldsIt) {
  Filled f(3);
  auto rotating = open_store(f.db(), f.key(), true);
  ASSERT_TRUE(rotating);
  auto kiosk = Store::open(f.db(), f.key());
  ASSERT_FALSE(kiosk.ok()) << "a connection opened now would keep sealing with the old key";
  EXPECT_EQ(kiosk.error().code, "store.busy");
}

TEST(KeyRotationRefusal, AValueTheKeyCannotOpenStopsTheRotationBeforeAnythingChanges) {
  Filled f(6);
  const std::string old_key = read_bytes(f.key());
  const std::string& victim = f.apps[4].uuid;
  // Change the last byte of one phone number's tag.
  RawDb(f.db()).exec("UPDATE applications SET phone = CAST(substr(phone, 1, length(phone) - 1) ||"
                     " CASE WHEN substr(phone, -1) = X'00' THEN X'01' ELSE X'00' END AS BLOB) WHERE uuid = '" +
                     victim + "'");
  auto store = open_store(f.db(), f.key(), true);
  ASSERT_TRUE(store);
  ASSERT_FALSE(store->application(victim).ok()) << "the tampering must make the value unreadable";
  auto refused = store->rotate_key();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "store.unreadable");
  EXPECT_NE(refused.error().message.find(victim), std::string::npos) << refused.error().message;
  EXPECT_NE(refused.error().message.find("phone"), std::string::npos) << refused.error().message;
  EXPECT_EQ(read_bytes(f.key()), old_key);
  EXPECT_FALSE(fs::exists(f.next_key()));
  store.reset();
  EXPECT_EQ(generation_in(f.db()), 1);
  const auto values = sealed_values(f.db());
  EXPECT_EQ(values_opened_by(*cipher_of(old_key, 1), values), values.size() - 1) << "all but the tampered one";
}

// --- interrupted rotations ---------------------------------------------------------------------------

// The child: opens the store for itself and rotates, dying by SIGKILL (no clean-up of any kind) the
// moment the rotation reaches `step`.
[[noreturn]] void rotate_and_die_at(const std::string& db, const std::string& key, KeyRotationStep step) {
  log::set_min_level(log::Level::error);
  StoreOptions options;
  options.exclusive = true;
  auto store = Store::open(db, key, options);
  if (!store.ok()) _exit(3);
  KeyRotationOptions rotation;
  rotation.after_step = [step](KeyRotationStep reached) {
    if (reached == step) ::raise(SIGKILL);
  };
  auto report = store.value()->rotate_key(rotation);
  _exit(report.ok() ? 4 : 5);  // the step was never reached
}

class KeyRotationCrash : public ::testing::TestWithParam<KeyRotationStep> {};

TEST_P(KeyRotationCrash, AtEachStepTheNextOpenSettlesOnTheCommittedKeyWithNothingLost) {
  const KeyRotationStep step = GetParam();
  const bool committed = step == KeyRotationStep::committed || step == KeyRotationStep::key_replaced;
  Filled f(200);
  ASSERT_EQ(f.apps.size(), 200u);
  const std::string old_key = read_bytes(f.key());

  std::cout.flush();
  std::cerr.flush();
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) rotate_and_die_at(f.db(), f.key(), step);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the child did not die at the step (exit " << (WIFEXITED(status) ? WEXITSTATUS(status) : -1) << ")";

  // What the crash left: the database says which key is current; the files may not agree yet.
  EXPECT_EQ(generation_in(f.db()), committed ? 2 : 1);
  EXPECT_EQ(fs::exists(f.next_key()), step != KeyRotationStep::key_replaced);
  const std::string staged_key = read_bytes(f.next_key());
  if (step != KeyRotationStep::key_replaced) {
    EXPECT_EQ(read_bytes(f.key()), old_key) << "the key file is replaced only after the commit";
    EXPECT_EQ(staged_key.size(), kFieldKeyBytes) << "the new key was durable before the transaction began";
  }

  auto store = open_store(f.db(), f.key());  // a kiosk starting after the crash
  ASSERT_TRUE(store);
  EXPECT_FALSE(fs::exists(f.next_key())) << "the open settled the rotation";
  const std::string current_key = read_bytes(f.key());
  if (!committed) {
    EXPECT_EQ(current_key, old_key) << "an uncommitted rotation is undone";
  } else {
    EXPECT_NE(current_key, old_key);
  }
  if (step == KeyRotationStep::committed) {
    EXPECT_EQ(current_key, staged_key) << "a committed rotation is finished";
  }
  EXPECT_EQ(f.mismatches(*store), 0);
  EXPECT_EQ(f.body_mismatches(), 0);
  const auto values = sealed_values(f.db());
  EXPECT_EQ(values_opened_by(*cipher_of(current_key, committed ? 2 : 1), values), values.size());
  store.reset();

  // And the store rotates again from there.
  auto again = open_store(f.db(), f.key(), true);
  ASSERT_TRUE(again);
  auto report = again->rotate_key();
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report.value().generation, committed ? 3 : 2);
  EXPECT_EQ(f.mismatches(*again), 0);
}

INSTANTIATE_TEST_SUITE_P(EachStep, KeyRotationCrash,
                         ::testing::Values(KeyRotationStep::next_key_written, KeyRotationStep::values_resealed,
                                           KeyRotationStep::committed, KeyRotationStep::key_replaced),
                         [](const ::testing::TestParamInfo<KeyRotationStep>& info) {
                           switch (info.param) {
                             case KeyRotationStep::next_key_written: return std::string("AfterNextKeyWritten");
                             case KeyRotationStep::values_resealed: return std::string("BeforeCommit");
                             case KeyRotationStep::committed: return std::string("AfterCommitBeforeRename");
                             case KeyRotationStep::key_replaced: return std::string("AfterRename");
                           }
                           return std::string("Unknown");
                         });

TEST(KeyRotationInterrupted, AStagedKeyTheDatabaseNeverCommittedIsRemovedAtOpen) {
  Filled f(5);
  const std::string old_key = read_bytes(f.key());
  // Step 1 alone, as a rotation that died right after it would leave it.
  ASSERT_TRUE(write_next_key(*FieldCipher::generate(2), f.key()).ok());
  EXPECT_EQ(write_next_key(*FieldCipher::generate(2), f.key()).error().code, "key.exists");
  auto store = open_store(f.db(), f.key());
  ASSERT_TRUE(store);
  EXPECT_FALSE(fs::exists(f.next_key()));
  EXPECT_EQ(read_bytes(f.key()), old_key);
  EXPECT_EQ(f.mismatches(*store), 0);
}

TEST(KeyRotationInterrupted, AShortOrForeignNextKeyIsRemovedWhileTheKeyFileOpensTheDatabase) {
  Filled f(5);
  const std::string old_key = read_bytes(f.key());
  {
    std::ofstream out(f.next_key(), std::ios::binary);
    out << std::string(10, 'k');  // cut short
  }
  ASSERT_EQ(::chmod(f.next_key().c_str(), 0600), 0);
  auto store = open_store(f.db(), f.key());
  ASSERT_TRUE(store);
  EXPECT_FALSE(fs::exists(f.next_key()));
  EXPECT_EQ(read_bytes(f.key()), old_key);
}

TEST(KeyRotationInterrupted, WhenNeitherKeyOpensTheDatabaseBothAreKeptAndTheStoreDoesNotOpen) {
  Filled f(5);
  // The key file replaced by a stranger's key, and a staged key that is not this database's either.
  fs::remove(f.key());
  ASSERT_TRUE(FieldCipher::generate(1)->write_key_file(f.key()).ok());
  ASSERT_TRUE(write_next_key(*FieldCipher::generate(2), f.key()).ok());
  const std::string key_bytes = read_bytes(f.key()), next_bytes = read_bytes(f.next_key());
  auto opened = Store::open(f.db(), f.key());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "key.rotation_unresolved") << opened.error().message;
  EXPECT_EQ(read_bytes(f.key()), key_bytes) << "no key is deleted unless the database shows it is not needed";
  EXPECT_EQ(read_bytes(f.next_key()), next_bytes);
}

// --- kill -9 ------------------------------------------------------------------------------------------------

int rotation_kill_rounds() {
  const char* env = std::getenv("ZHIDUI_ROTATION_KILL_ROUNDS");
  int rounds = env ? std::atoi(env) : 12;
  return rounds > 0 ? rounds : 12;
}

bool write_line(int fd, const std::string& line) {
  const std::string s = line + "\n";
  return ::write(fd, s.data(), s.size()) == ssize_t(s.size());  // < PIPE_BUF: all or nothing
}

// The child: opens the store for itself and rotates again and again, reporting each generation only
// after rotate_key returned, until it is killed.
[[noreturn]] void rotate_until_killed(const std::string& db, const std::string& key, int out_fd) {
  log::set_min_level(log::Level::error);
  StoreOptions options;
  options.exclusive = true;
  auto store = Store::open(db, key, options);
  if (!store.ok()) {
    write_line(out_fd, "ERR open " + store.error().code + " " + store.error().message);
    _exit(3);
  }
  for (;;) {
    auto report = store.value()->rotate_key();
    if (!report.ok()) {
      write_line(out_fd, "ERR rotate " + report.error().code + " " + report.error().message);
      _exit(4);
    }
    if (!write_line(out_fd, std::to_string(report.value().generation))) _exit(5);
  }
}

TEST(KeyRotationKill, Kill9MidRotationOfThousandsOfApplicationsLosesNothing) {
  // In memory when possible: a killed process leaves the page cache behind, so the disk's flushes would
  // only slow the filling (3,000 durable commits), not change what a kill can do.
  Filled f(3000, fs::is_directory("/dev/shm") ? "/dev/shm" : fs::temp_directory_path().string());
  ASSERT_EQ(f.apps.size(), 3000u);

  // One rotation in this process first: how long one takes sets the range of kill moments.
  double rotation_ms = 0;
  {
    auto store = open_store(f.db(), f.key(), true);
    ASSERT_TRUE(store);
    const auto started = std::chrono::steady_clock::now();
    ASSERT_TRUE(store->rotate_key().ok());
    rotation_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  }
  std::cout << "[ figures  ] one rotation of 3,000 applications (" << sealed_values(f.db()).size()
            << " sealed values) in " << f.dir.path() << ": " << int(rotation_ms) << " ms\n";

  const int rounds = rotation_kill_rounds();
  const unsigned seed = std::random_device{}();
  std::mt19937 rng(seed);
  // Open (quick_check, settling) plus up to about three rotations.
  std::uniform_int_distribution<int> kill_after_us(0, int(rotation_ms * 3000) + 50'000);
  int committed_generation = 2, completed = 0, interrupted_uncommitted = 0, interrupted_committed = 0;
  for (int round = 0; round < rounds && committed_generation < 200; ++round) {
    const std::string received = output_of_child_killed_after(
        [&](int fd) { rotate_until_killed(f.db(), f.key(), fd); }, std::chrono::microseconds(kill_after_us(rng)));
    ASSERT_EQ(received.find("ERR"), std::string::npos) << received;

    int reported = committed_generation;  // the last generation the child saw rotate_key return
    for (size_t start = 0, nl; (nl = received.find('\n', start)) != std::string::npos; start = nl + 1)
      reported = std::atoi(received.substr(start, nl - start).c_str());
    const bool staged = fs::exists(f.next_key());

    auto store = open_store(f.db(), f.key());  // the kiosk starting after the kill
    ASSERT_TRUE(store) << "round " << round << " (seed " << seed << ")";
    const int generation = generation_in(f.db());
    EXPECT_TRUE(generation == reported || generation == reported + 1)
        << "generation " << generation << " after the child reported " << reported << " (seed " << seed << ")";
    if (staged) ++(generation > reported ? interrupted_committed : interrupted_uncommitted);
    completed += reported - committed_generation;
    committed_generation = generation;
    EXPECT_FALSE(fs::exists(f.next_key()));
    ASSERT_EQ(f.mismatches(*store), 0) << "round " << round << " (seed " << seed << ")";
    ASSERT_EQ(f.body_mismatches(), 0) << "round " << round << " (seed " << seed << ")";
  }
  RawDb raw(f.db());
  EXPECT_EQ(raw.text("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(raw.text("SELECT count(*) FROM applications"), "3000");
  const auto values = sealed_values(f.db());
  EXPECT_EQ(values_opened_by(*cipher_of(read_bytes(f.key()), committed_generation), values), values.size());
  std::cout << "[ figures  ] " << rounds << " kill -9 rounds (seed " << seed << "): " << completed
            << " rotations completed, killed with a staged key " << interrupted_uncommitted
            << "x before and " << interrupted_committed << "x after the commit; every application intact\n";
}

}  // namespace
}  // namespace zhidui::offline
