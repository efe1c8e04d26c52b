// scan_payload_test.cpp — classify_scan and the USCC check against known vectors, and the line splitter.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "drivers/barcode/scan_line.h"
#include "drivers/barcode/scan_payload.h"

namespace zhidui::drivers::barcode {
namespace {

constexpr const char* kUuid = "3f2b8c1e-9a4d-4e6f-8b21-5c7d9e0a1b2c";

TEST(UsccCheck, KnownVectors) {
  EXPECT_TRUE(uscc_valid("91110108551385082Q"));
  EXPECT_TRUE(uscc_valid("91350100M000100Y43"));
  EXPECT_FALSE(uscc_valid("91350211M0000XUF46"));
  EXPECT_FALSE(uscc_valid("91110108551385082R"));  // wrong check character
  EXPECT_FALSE(uscc_valid("9111010855138508"));    // too short
  EXPECT_FALSE(uscc_valid("91110108551385082I"));  // I is not in the set
}

TEST(ClassifyScan, LicenceUrlParameters) {
  for (std::string url : std::vector<std::string>{"https://zzlz.gsxt.gov.cn/businessCheck/verifKey.do?uscc=91110108551385082Q",
                          "https://example.gov.cn/lic?showType=extShow&creditCode=91110108551385082Q&t=1",
                          "http://hn.gsxt.gov.cn/x?TYSHXYDM=91350100m000100y43#top"}) {
    auto r = classify_scan(url);
    ASSERT_TRUE(r.ok()) << url << ": " << r.error().code;
    EXPECT_EQ(r->kind, ScanKind::business_licence);
  }
  EXPECT_EQ(classify_scan("https://x.cn/q?uscc=91110108551385082Q")->uscc, "91110108551385082Q");
  EXPECT_EQ(classify_scan("http://hn.gsxt.gov.cn/x?TYSHXYDM=91350100m000100y43")->uscc, "91350100M000100Y43");
}

TEST(ClassifyScan, LicencePlainText) {
  auto r = classify_scan("统一社会信用代码:91350100M000100Y43 名称:某某有限公司");
  ASSERT_TRUE(r.ok()) << r.error().code;
  EXPECT_EQ(r->uscc, "91350100M000100Y43");
  auto bare = classify_scan("91110108551385082Q");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->uscc, "91110108551385082Q");
}

TEST(ClassifyScan, BadUscc) {
  EXPECT_EQ(classify_scan("91350211M0000XUF46").error().code, "scan.bad_uscc");
  EXPECT_EQ(classify_scan("https://x.cn/q?uscc=91350211M0000XUF46").error().code, "scan.bad_uscc");
  EXPECT_EQ(classify_scan("https://x.cn/q?creditCode=123").error().code, "scan.bad_uscc");
  EXPECT_EQ(classify_scan("https://x.cn/q?uscc=9135021IM0000XUF46").error().code, "scan.bad_uscc");
  auto e = classify_scan("91350211M0000XUF46").error();
  EXPECT_EQ(e.message.find("91350211M0000XUF46"), std::string::npos) << "detail must not quote the payload";
}

TEST(ClassifyScan, ReceiptWithAndWithoutNumber) {
  auto with = classify_scan(std::string("zhidui://receipt/v1?id=") + kUuid + "&no=HN-430102-20261125-0007");
  ASSERT_TRUE(with.ok()) << with.error().code;
  EXPECT_EQ(with->kind, ScanKind::kiosk_receipt);
  EXPECT_EQ(with->receipt_id, kUuid);
  EXPECT_EQ(with->acceptance_no, "HN-430102-20261125-0007");

  auto without = classify_scan(std::string("zhidui://receipt/v1?id=") + kUuid + "\t");
  ASSERT_TRUE(without.ok()) << without.error().code;
  EXPECT_EQ(without->receipt_id, kUuid);
  EXPECT_TRUE(without->acceptance_no.empty());

  auto reordered = classify_scan(std::string("zhidui://receipt/v1?no=A1&id=") + kUuid);
  ASSERT_TRUE(reordered.ok());
  EXPECT_EQ(reordered->acceptance_no, "A1");
}

TEST(ClassifyScan, BadReceipt) {
  for (std::string bad : {std::string("zhidui://receipt/v1?id=not-a-uuid"), std::string("zhidui://receipt/v1?no=A1"),
                          std::string("zhidui://receipt/v1?id=") + "3F2B8C1E-9A4D-4E6F-8B21-5C7D9E0A1B2C",
                          std::string("zhidui://receipt/v1?id=") + kUuid + "&no=",
                          std::string("zhidui://receipt/v1?id=") + kUuid + "&no=A 1",
                          std::string("zhidui://receipt/v2?id=") + kUuid}) {
    auto r = classify_scan(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, "scan.bad_receipt") << bad;
    EXPECT_FALSE(r.error().message.empty());
  }
}

TEST(ClassifyScan, GarbageIsUnknown) {
  for (std::string junk : std::vector<std::string>{"", "   ", "hello world", "6901234567892", "https://weixin.qq.com/r/abcdef",
                           "ABCDEFGHJKLMNPQRTU", std::string("\x01\xff\x80zz", 5)}) {
    auto r = classify_scan(junk);
    ASSERT_FALSE(r.ok()) << junk;
    EXPECT_EQ(r.error().code, "scan.unknown") << junk;
    EXPECT_FALSE(r.error().message.empty());
  }
}

TEST(LineSplitter, TerminatorsAndBound) {
  LineSplitter s(8);
  std::vector<std::string> lines;
  int overflows = 0;
  auto on_line = [&](std::string l) { lines.push_back(std::move(l)); };
  auto on_overflow = [&] { ++overflows; };
  s.feed("ab\r\ncd", on_line, on_overflow);
  EXPECT_TRUE(s.has_partial());
  s.feed("e\nf\r", on_line, on_overflow);
  EXPECT_EQ(lines, (std::vector<std::string>{"ab", "cde", "f"}));
  s.feed("0123456789abc\rok\n", on_line, on_overflow);  // over-long: dropped up to its terminator
  EXPECT_EQ(overflows, 1);
  EXPECT_EQ(lines.back(), "ok");
  s.feed("part", on_line, on_overflow);
  s.reset();
  s.feed("\rnew\r", on_line, on_overflow);
  EXPECT_EQ(lines.back(), "new");
  EXPECT_EQ(lines.size(), 5u);
}

TEST(ScanPayload, TheDevDocksSampleCodesAreALicenceAndAForeignCode) {
  auto licence = classify_scan(kSampleLicenceQr);
  ASSERT_TRUE(licence.ok()) << licence.error().code;
  EXPECT_EQ(licence->kind, ScanKind::business_licence);
  EXPECT_EQ(licence->uscc, "91430104MA4L1A2B39");
  auto foreign = classify_scan(kSampleForeignCode);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, "scan.unknown");
}

}  // namespace
}  // namespace zhidui::drivers::barcode
