// A4 pages rendered with cairo + pango and read back with poppler: the Chinese text is really in the
// PDF (as text, in the CJK font), the QR code decodes, long content flows onto more pages.
#include "drivers/a4_printer/a4_page.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/drivers/a4_printer/a4_test_support.h"

namespace fs = std::filesystem;
using namespace zhidui::drivers::a4_printer;
using namespace zhidui::drivers::a4_printer::testing;

namespace {

std::string without_whitespace(std::string s) {
  std::erase_if(s, [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'; });
  return s;
}

}  // namespace

TEST(A4Page, ChineseTextAndMaskedIdAreInThePdf) {
  auto pdf = render_pdf(sample_receipt_page());
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_EQ(pdf->pages, 1);
  ASSERT_GT(pdf->bytes.size(), 1000u);
  EXPECT_EQ(std::string(pdf->bytes.begin(), pdf->bytes.begin() + 5), "%PDF-");
  const std::string text = without_whitespace(pdf_text(pdf->bytes));
  EXPECT_NE(text.find(kPolicyTitle), std::string::npos) << text;
  EXPECT_NE(text.find(kMaskedId), std::string::npos) << text;
  EXPECT_NE(text.find("湖南省长沙市岳麓区政务服务中心"), std::string::npos) << text;
  EXPECT_NE(text.find("扫码查询办理进度"), std::string::npos) << text;
  EXPECT_NE(text.find("1/1"), std::string::npos) << "page number in the footer: " << text;
}

TEST(A4Page, UsesTheNotoSansCjkFontAndA4Size) {
  const std::string path = temp_path("fonts") + ".pdf";
  auto pages = render_pdf_file(sample_receipt_page(), path);
  ASSERT_TRUE(pages.ok()) << pages.error().message;
  auto fonts = run_command("pdffonts '" + path + "'");
  EXPECT_NE(fonts.output.find("NotoSansCJK"), std::string::npos) << fonts.output;
  auto info = run_command("pdfinfo '" + path + "'");
  EXPECT_NE(info.output.find("595.276 x 841.89 pts (A4)"), std::string::npos) << info.output;
  fs::remove(path);
}

TEST(A4Page, QrCodeDecodesFromTheRenderedPage) {
  const std::string path = temp_path("qr") + ".pdf";
  ASSERT_TRUE(render_pdf_file(sample_receipt_page(), path).ok());
  if (const char* keep = std::getenv("ZHIDUI_KEEP_A4_SAMPLE"))
    fs::copy_file(path, keep, fs::copy_options::overwrite_existing);
  auto codes = qr_codes_in_pdf(path);
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0], kQrPayload);
  fs::remove(path);
}

TEST(A4Page, LongContentFlowsOntoMorePagesWithoutLosingText) {
  A4Page page = sample_receipt_page();
  A4Section materials;
  materials.heading = "申请材料清单";
  for (int i = 1; i <= 40; ++i)
    materials.rows.push_back(
        {"材料" + std::to_string(i), "居民身份证复印件一份（正反面）第" + std::to_string(i) + "项"});
  page.sections.push_back(materials);
  std::string long_paragraph;
  for (int i = 0; i < 60; ++i)
    long_paragraph += "根据《湖南省就业创业补贴资金管理办法》规定，符合条件的申请人可按程序申领补贴。";
  page.paragraphs.push_back(long_paragraph + "段落结束标记");

  const std::string path = temp_path("long") + ".pdf";
  auto pages = render_pdf_file(page, path);
  ASSERT_TRUE(pages.ok()) << pages.error().message;
  EXPECT_GE(*pages, 3);
  EXPECT_EQ(pdf_page_count(path), *pages);
  const std::string text = without_whitespace(pdf_text_of_file(path));
  EXPECT_NE(text.find("第1项"), std::string::npos);
  EXPECT_NE(text.find("第40项"), std::string::npos);
  EXPECT_NE(text.find("段落结束标记"), std::string::npos) << "the end of the long paragraph was lost";
  EXPECT_NE(text.find("1/" + std::to_string(*pages)), std::string::npos);
  EXPECT_NE(text.find(std::to_string(*pages) + "/" + std::to_string(*pages)), std::string::npos);
  // The footer is on every page.
  size_t footers = 0;
  for (size_t at = text.find("本回执由自助终端打印"); at != std::string::npos;
       at = text.find("本回执由自助终端打印", at + 1))
    ++footers;
  EXPECT_EQ(footers, size_t(*pages));
  fs::remove(path);
}

TEST(A4Page, LongUnbrokenValueWrapsInsideThePage) {
  A4Page page;
  page.title = "测试";
  page.sections.push_back({"", {{"地址", std::string(200, 'X') + "尾"}}});
  auto pdf = render_pdf(page);
  ASSERT_TRUE(pdf.ok());
  const std::string text = without_whitespace(pdf_text(pdf->bytes));
  EXPECT_NE(text.find("XXXX"), std::string::npos);
  EXPECT_NE(text.find("尾"), std::string::npos) << "text past the right margin is cut off by pdftotext's crop";
}

TEST(A4Page, InvalidUtf8IsRefusedWithACode) {
  A4Page page;
  page.title = std::string("bad \xff\xfe text");
  auto pdf = render_pdf(page);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().code, "a4.invalid_text");
}

TEST(A4Page, EmptyPageStillRendersOnePage) {
  auto pdf = render_pdf(A4Page{});
  ASSERT_TRUE(pdf.ok());
  EXPECT_EQ(pdf->pages, 1);
}

TEST(A4Page, FileIsReplacedAtomically) {
  const std::string path = temp_path("atomic") + ".pdf";
  ASSERT_TRUE(render_pdf_file(sample_receipt_page(), path).ok());
  EXPECT_TRUE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path + ".part"));
  fs::remove(path);
}
