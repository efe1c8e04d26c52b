// a4_test_support.cpp — see a4_test_support.h.
#include "tests/drivers/a4_printer/a4_test_support.h"

#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "tests/drivers/receipt_printer/receipt_test_support.h"
#include "zhidui_build_paths.h"

namespace fs = std::filesystem;

namespace zhidui::drivers::a4_printer::testing {

A4Page sample_receipt_page() {
  A4Page p;
  p.title = kPolicyTitle;
  p.subtitle = "受理回执";
  A4Section applicant;
  applicant.heading = "申请人信息";
  applicant.rows = {{"姓名", "张*"}, {"公民身份号码", kMaskedId}, {"联系电话", "138****5678"}};
  A4Section application;
  application.heading = "办理信息";
  application.rows = {{"受理编号", "HN20261125-000123"},
                      {"受理时间", "2026-11-25 11:00"},
                      {"受理地点", "湖南省长沙市岳麓区政务服务中心"}};
  p.sections = {applicant, application};
  p.paragraphs = {"请妥善保管本回执。您可以扫描下方二维码，或凭受理编号在湖南政务服务网查询办理进度。"};
  p.qr_payload = kQrPayload;
  p.qr_caption = "扫码查询办理进度";
  p.footer_lines = {"湖南省政务服务自助终端", "本回执由自助终端打印"};
  return p;
}

CommandResult run_command(const std::string& command) {
  CommandResult r;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) r.output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string temp_path(const std::string& tag) {
  static std::atomic<int> counter{0};
  return (fs::temp_directory_path() /
          ("zhidui-a4-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
      .string();
}

std::string pdf_text_of_file(const std::string& path) {
  auto r = run_command("pdftotext -enc UTF-8 '" + path + "' -");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return r.output;
}

std::string pdf_text(const std::vector<uint8_t>& pdf) {
  const std::string path = temp_path("text") + ".pdf";
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(pdf.data()), std::streamsize(pdf.size()));
  }
  std::string text = pdf_text_of_file(path);
  fs::remove(path);
  return text;
}

int pdf_page_count(const std::string& path) {
  auto r = run_command("pdfinfo '" + path + "'");
  auto at = r.output.find("Pages:");
  if (at == std::string::npos) return -1;
  return std::atoi(r.output.c_str() + at + 6);
}

std::vector<std::string> qr_codes_in_pdf(const std::string& path) {
  const std::string prefix = temp_path("raster");
  auto r = run_command("pdftoppm -f 1 -l 1 -r 150 -gray -png -singlefile '" + path + "' '" + prefix + "'");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  auto raster = receipt_printer::testing::load_png(prefix + ".png");
  fs::remove(prefix + ".png");
  if (!raster) return {};
  return receipt_printer::testing::decode_qr(*raster);
}

SandboxOrSkip start_sandbox(PrivateCupsdOptions options) {
  SandboxOrSkip out;
  if (!fs::exists("/usr/sbin/cupsd")) {
    out.skip_reason = "/usr/sbin/cupsd is not installed (package cups-daemon)";
    return out;
  }
  if (options.sandbox_script.empty())
    options.sandbox_script = std::string(ZHIDUI_SOURCE_DIR) + "/tools/cups-sandbox.sh";
  auto started = PrivateCupsd::start(options);
  // cupsd is installed: failing to start is a bug to see, not a reason to skip.
  EXPECT_TRUE(started.ok()) << (started.ok() ? "" : started.error().code + ": " + started.error().message);
  if (started)
    out.cupsd = std::move(started.value());
  else
    out.skip_reason = "private cupsd failed to start (see the failure above)";
  return out;
}

}  // namespace zhidui::drivers::a4_printer::testing
