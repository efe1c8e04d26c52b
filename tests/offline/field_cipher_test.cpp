// field_cipher_test.cpp — offline/field_cipher.h: sealing round trips, every way a sealed value can be
// wrong is refused with an Error (never a crash), key generations in the version byte, and the key
// file's creation and permission rules.
#include "offline/field_cipher.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "tests/offline/test_support.h"

namespace zhidui::offline {
namespace {

namespace fs = std::filesystem;

std::string random_key() {
  EXPECT_GE(sodium_init(), 0);
  std::string key(kFieldKeyBytes, '\0');
  randombytes_buf(key.data(), key.size());
  return key;
}

std::unique_ptr<FieldCipher> cipher_with(const std::string& key) {
  auto made = FieldCipher::from_key_bytes(key);
  EXPECT_TRUE(made.ok());
  return made.ok() ? std::move(made).value() : nullptr;
}

unsigned file_mode(const std::string& path) {
  struct stat st{};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return unsigned(st.st_mode & 07777);
}

const std::string kAd = FieldCipher::associated_data("applications", "id_number", "0b8e9f1c-1111-4222-8333-944445555666");

TEST(FieldCipher, RoundTripAndFormat) {
  auto cipher = cipher_with(random_key());
  ASSERT_TRUE(cipher);
  const std::string plain = "110105194912310021";
  const std::string blob = cipher->seal(plain, kAd);
  ASSERT_EQ(blob.size(), plain.size() + FieldCipher::overhead());
  EXPECT_EQ(uint8_t(blob[0]), kFieldFormatV1) << "the first byte names format and key version";
  EXPECT_EQ(blob.find(plain), std::string::npos) << "the plaintext must not show through";
  auto opened = cipher->open(blob, kAd);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened.value(), plain);
  EXPECT_NE(cipher->seal(plain, kAd), blob) << "each seal takes a fresh random nonce";
}

TEST(FieldCipher, RoundTripsEmptyAndUtf8Values) {
  auto cipher = cipher_with(random_key());
  ASSERT_TRUE(cipher);
  for (std::string plain : {std::string(), std::string("张三丰"), std::string(4096, 'x')}) {
    auto opened = cipher->open(cipher->seal(plain, kAd), kAd);
    ASSERT_TRUE(opened.ok());
    EXPECT_EQ(opened.value(), plain);
  }
}

TEST(FieldCipher, AssociatedDataNamesTableColumnRow) {
  EXPECT_EQ(FieldCipher::associated_data("applications", "name", "u-1"), "applications/name/u-1");
}

TEST(FieldCipher, WrongAssociatedDataIsRefused) {
  auto cipher = cipher_with(random_key());
  ASSERT_TRUE(cipher);
  const std::string blob = cipher->seal("张三丰", FieldCipher::associated_data("applications", "name", "row-a"));
  for (const std::string& wrong_ad : {FieldCipher::associated_data("applications", "name", "row-b"),
                                      FieldCipher::associated_data("applications", "address", "row-a"),
                                      FieldCipher::associated_data("outbox", "name", "row-a"), std::string()}) {
    auto opened = cipher->open(blob, wrong_ad);
    ASSERT_FALSE(opened.ok()) << "opened under associated data '" << wrong_ad << "'";
    EXPECT_EQ(opened.error().code, "cipher.auth");
    EXPECT_FALSE(opened.error().message.empty());
  }
}

TEST(FieldCipher, EveryTamperedByteIsRefused) {
  auto cipher = cipher_with(random_key());
  ASSERT_TRUE(cipher);
  const std::string blob = cipher->seal("430102199003077777", kAd);
  for (size_t i = 0; i < blob.size(); ++i) {
    std::string tampered = blob;
    tampered[i] = char(tampered[i] ^ 0x01);
    auto opened = cipher->open(tampered, kAd);
    ASSERT_FALSE(opened.ok()) << "a flipped bit at byte " << i << " went unnoticed";
    EXPECT_EQ(opened.error().code, i == 0 ? "cipher.format" : "cipher.auth") << "byte " << i;
  }
}

TEST(FieldCipher, TruncatedAndGarbageBlobsAreRefusedWithoutCrashing) {
  auto cipher = cipher_with(random_key());
  ASSERT_TRUE(cipher);
  const std::string blob = cipher->seal("13800138000", kAd);
  for (size_t len = 0; len < blob.size(); ++len) {
    auto opened = cipher->open(blob.substr(0, len), kAd);
    ASSERT_FALSE(opened.ok()) << "a blob cut to " << len << " bytes opened";
    EXPECT_EQ(opened.error().code, len < FieldCipher::overhead() ? "cipher.format" : "cipher.auth");
  }
  std::string garbage(200, '\x01');  // right version byte, nonsense after it
  EXPECT_EQ(cipher->open(garbage, kAd).error().code, "cipher.auth");
  std::string future = blob;
  future[0] = 2;  // a key version this build does not know
  EXPECT_EQ(cipher->open(future, kAd).error().code, "cipher.format");
}

TEST(FieldCipher, WrongKeyIsRefused) {
  auto mine = cipher_with(random_key());
  auto other = cipher_with(random_key());
  ASSERT_TRUE(mine && other);
  auto opened = other->open(mine->seal("6222020200112233445", kAd), kAd);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "cipher.auth");
}

TEST(FieldCipher, KeyBytesOfTheWrongSizeAreRefused) {
  EXPECT_EQ(FieldCipher::from_key_bytes(std::string(31, 'k')).error().code, "key.size");
  EXPECT_EQ(FieldCipher::from_key_bytes(std::string(33, 'k')).error().code, "key.size");
}

TEST(FieldCipher, TheVersionByteIsTheKeyGenerationAndOnlyThatGenerationOpens) {
  const std::string key = random_key();
  auto third = FieldCipher::from_key_bytes(key, 3);
  auto first = cipher_with(key);
  ASSERT_TRUE(third.ok() && first);
  EXPECT_EQ(third.value()->generation(), 3);
  EXPECT_EQ(first->generation(), kFieldFormatV1) << "without a generation, a key is generation 1 as before";
  const std::string blob = third.value()->seal("430102199003077777", kAd);
  EXPECT_EQ(uint8_t(blob[0]), 3);
  EXPECT_EQ(third.value()->open(blob, kAd).value(), "430102199003077777");
  // The same key bytes as another generation refuse it: a blob says which key sealed it.
  EXPECT_EQ(first->open(blob, kAd).error().code, "cipher.format");
  EXPECT_EQ(third.value()->open(first->seal("x", kAd), kAd).error().code, "cipher.format");
  EXPECT_EQ(FieldCipher::from_key_bytes(key, 0).error().code, "key.generation");
  auto generated = FieldCipher::generate(kLastKeyGeneration);
  EXPECT_EQ(uint8_t(generated->seal("x", kAd)[0]), kLastKeyGeneration);
}

TEST(FieldCipher, WriteKeyFileMakesAnOwnerOnlyFileAndNeverReplacesOne) {
  TempDir dir;
  const std::string path = dir.file("field.key.next");
  auto generated = FieldCipher::generate(2);
  ASSERT_TRUE(generated->write_key_file(path).ok());
  EXPECT_EQ(file_mode(path), 0600u);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1) << "no temporary left";
  auto loaded = FieldCipher::from_key_file(path, KeyFileMode::must_exist, 2);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded.value()->open(generated->seal("张三丰", kAd), kAd).value(), "张三丰");

  auto other = FieldCipher::generate(2);
  auto again = other->write_key_file(path);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "key.exists");
  auto still = FieldCipher::from_key_file(path, KeyFileMode::must_exist, 2);
  ASSERT_TRUE(still.ok());
  EXPECT_TRUE(still.value()->open(generated->seal("x", kAd), kAd).ok()) << "the first key is still there";
}

TEST(FieldCipher, KeyFileIsCreatedOwnerOnlyAndReadBack) {
  TempDir dir;
  const std::string key_path = dir.file("field.key");
  const mode_t old_umask = ::umask(022);  // the common default: the file must still come out 0600
  auto first = FieldCipher::from_key_file(key_path, KeyFileMode::create_if_absent);
  ::umask(old_umask);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(file_mode(key_path), 0600u);
  EXPECT_EQ(fs::file_size(key_path), kFieldKeyBytes);
  // Exactly one file in the folder: no temporary left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);

  auto second = FieldCipher::from_key_file(key_path, KeyFileMode::must_exist);
  ASSERT_TRUE(second.ok()) << second.error().message;
  auto opened = second.value()->open(first.value()->seal("张三丰", kAd), kAd);
  ASSERT_TRUE(opened.ok()) << "the key read back must be the key that was created";
  EXPECT_EQ(opened.value(), "张三丰");
}

TEST(FieldCipher, KeyFileReadableByGroupOrOthersIsRefused) {
  TempDir dir;
  const std::string key_path = dir.file("field.key");
  ASSERT_TRUE(FieldCipher::from_key_file(key_path, KeyFileMode::create_if_absent).ok());
  for (mode_t mode : {0644, 0640, 0604, 0660, 0700}) {
    ASSERT_EQ(::chmod(key_path.c_str(), mode), 0);
    auto loaded = FieldCipher::from_key_file(key_path, KeyFileMode::create_if_absent);
    if (mode == 0700) {  // wider for the owner only: still owner-only
      EXPECT_TRUE(loaded.ok());
      continue;
    }
    ASSERT_FALSE(loaded.ok()) << "mode " << std::oct << mode << " was accepted";
    EXPECT_EQ(loaded.error().code, "key.permissions");
    EXPECT_NE(loaded.error().message.find("chmod 600"), std::string::npos) << loaded.error().message;
  }
}

TEST(FieldCipher, KeyFileOfTheWrongSizeIsRefusedAndNotReplaced) {
  TempDir dir;
  const std::string key_path = dir.file("field.key");
  for (size_t size : {size_t(0), size_t(31), size_t(33)}) {
    {
      std::ofstream out(key_path, std::ios::binary | std::ios::trunc);
      out << std::string(size, 'k');
    }
    ASSERT_EQ(::chmod(key_path.c_str(), 0600), 0);
    auto loaded = FieldCipher::from_key_file(key_path, KeyFileMode::create_if_absent);
    ASSERT_FALSE(loaded.ok()) << size << " bytes accepted";
    EXPECT_EQ(loaded.error().code, "key.size");
    EXPECT_EQ(fs::file_size(key_path), size) << "a bad key file must be left for the technician, not replaced";
  }
}

TEST(FieldCipher, MissingKeyFileIsNotCreatedWhenItMustExist) {
  TempDir dir;
  const std::string key_path = dir.file("field.key");
  auto loaded = FieldCipher::from_key_file(key_path, KeyFileMode::must_exist);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, "key.missing");
  EXPECT_FALSE(fs::exists(key_path));
}

TEST(FieldCipher, SymlinkedKeyFileIsRefused) {
  TempDir dir;
  const std::string real = dir.file("real.key"), link = dir.file("field.key");
  ASSERT_TRUE(FieldCipher::from_key_file(real, KeyFileMode::create_if_absent).ok());
  ASSERT_EQ(::symlink(real.c_str(), link.c_str()), 0);
  auto loaded = FieldCipher::from_key_file(link, KeyFileMode::create_if_absent);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, "key.permissions");
}

TEST(FieldCipher, ConcurrentFirstStartsAgreeOnOneKey) {
  // The UI's store and the sync worker's store open together on a fresh kiosk.
  for (int round = 0; round < 20; ++round) {
    TempDir dir;
    const std::string key_path = dir.file("field.key");
    constexpr int kOpeners = 4;
    std::vector<std::unique_ptr<FieldCipher>> ciphers(kOpeners);
    std::vector<std::string> errors(kOpeners);
    std::vector<std::thread> threads;
    for (int i = 0; i < kOpeners; ++i)
      threads.emplace_back([&, i] {
        auto loaded = FieldCipher::from_key_file(key_path, KeyFileMode::create_if_absent);
        if (loaded.ok()) ciphers[size_t(i)] = std::move(loaded).value();
        else errors[size_t(i)] = loaded.error().code + ": " + loaded.error().message;
      });
    for (auto& t : threads) t.join();
    const std::string blob = ciphers[0] ? ciphers[0]->seal("x", kAd) : std::string();
    for (int i = 0; i < kOpeners; ++i) {
      ASSERT_TRUE(ciphers[size_t(i)]) << errors[size_t(i)];
      EXPECT_TRUE(ciphers[size_t(i)]->open(blob, kAd).ok()) << "opener " << i << " got a different key";
    }
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
  }
}

}  // namespace
}  // namespace zhidui::offline
