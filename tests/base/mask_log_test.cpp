// Masking of personal values on screen, paper and in logs.
#include <gtest/gtest.h>

#include "base/log.h"
#include "base/mask.h"
#include "base/utf8.h"
#include "base/uuid.h"

using namespace zhidui;

TEST(Mask, IdNumberHidesBirthDate) {
  EXPECT_EQ(mask_id_number("11010519491231002X"), "1101**********002X");
  EXPECT_EQ(mask_id_number("123"), "***");
}

TEST(Mask, NameKeepsOnlySurname) {
  EXPECT_EQ(mask_name("张三丰"), "张**");
  EXPECT_EQ(mask_name("李四"), "李*");
  EXPECT_EQ(mask_name("王"), "王*");
  EXPECT_EQ(mask_name(""), "");
}

TEST(Mask, PhoneAndBank) {
  EXPECT_EQ(mask_phone("13807310000"), "138****0000");
  EXPECT_EQ(mask_bank_account("6222021234567890123"), "**** 0123");
}

TEST(LogRedact, DigitRunsShapedLikeIdNumbersPhonesAndAccountsAreMasked) {
  std::string line = log::redact("id 11010519491231002X phone 13807310000 acct 6222021234567890123 seq 42");
  EXPECT_EQ(line.find("11010519491231002X"), std::string::npos);
  EXPECT_EQ(line.find("13807310000"), std::string::npos);
  EXPECT_EQ(line.find("6222021234567890123"), std::string::npos);
  EXPECT_NE(line.find("002X"), std::string::npos);  // the tail stays, for support calls
  EXPECT_NE(line.find("seq 42"), std::string::npos);
}

TEST(LogRedact, DigitsWrittenInGroupsAreOneRun) {
  for (const char* written : {"6222 0260 1234 5678 901", "138-0731-0000", "0731-8888-9999", "430104 19900307 0015"}) {
    const std::string line = log::redact(std::string("reason: account ") + written + " refused");
    size_t shown = 0;
    for (char c : line) shown += c >= '0' && c <= '9';
    EXPECT_EQ(shown, 4u) << line;  // only the tail
  }
  // Dates, times and short counts stay readable.
  EXPECT_EQ(log::redact("at 2026-11-25 11:00, 3 of 12 done"), "at 2026-11-25 11:00, 3 of 12 done");
}

TEST(LogRedact, UuidsSurviveEvenWhenTheirGroupsAreAllDigits) {
  const std::string u = "12345678-1234-4234-8234-123456789012";
  ASSERT_TRUE(is_uuid(u));
  EXPECT_EQ(log::redact("application " + u + " uploaded"), "application " + u + " uploaded");
}

TEST(LogRedact, RegisteredSecretsAreReplacedUntilCleared) {
  log::register_secret("欧阳娜娜");
  EXPECT_EQ(log::redact("name=欧阳娜娜 ok"), "name=*** ok");
  log::clear_secrets();
  EXPECT_EQ(log::redact("name=欧阳娜娜 ok"), "name=欧阳娜娜 ok");
}

TEST(LogRedact, UuidsSurvive) {
  std::string u = make_uuid_v4();
  EXPECT_TRUE(is_uuid(u));
  EXPECT_NE(log::redact("application " + u).find(u), std::string::npos);
}

TEST(Utf8, RoundTripAndInvalidBytes) {
  std::string s = "兑麓喆A";
  EXPECT_EQ(utf8::encode(utf8::decode(s)), s);
  EXPECT_EQ(utf8::length(s), 4u);
  auto bad = utf8::decode(std::string("\xE5\x85", 2));
  ASSERT_EQ(bad.size(), 2u);
  EXPECT_EQ(bad[0], U'\uFFFD');
  std::string ucs = utf8::to_ucs2le("张A");
  EXPECT_EQ(utf8::from_ucs2le(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(ucs.data()), ucs.size())),
            "张A");
}
