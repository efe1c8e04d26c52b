// a4_test_support.h — shared by the A4 printer tests: a sample page with Chinese text and a QR code,
// poppler's pdftotext / pdfinfo / pdftoppm on PDF bytes or files, and a private cupsd per test.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "drivers/a4_printer/a4_page.h"
#include "drivers/a4_printer/private_cupsd.h"

namespace zhidui::drivers::a4_printer::testing {

inline constexpr const char* kPolicyTitle = "长沙市高校毕业生一次性求职创业补贴";
inline constexpr const char* kMaskedId = "4301**********0015";
inline constexpr const char* kQrPayload =
    "zhidui://receipt/v1?id=7f9c2a4e-1b3d-4c5e-8f60-123456789abc&no=HN20261125-000123";

// An acceptance receipt as the kiosk would build it (personal values already masked).
A4Page sample_receipt_page();

struct CommandResult {
  int exit_code = -1;
  std::string output;
};
CommandResult run_command(const std::string& command);

// The text of a PDF file or PDF bytes, as pdftotext extracts it (layout mode off).
std::string pdf_text_of_file(const std::string& path);
std::string pdf_text(const std::vector<uint8_t>& pdf);
int pdf_page_count(const std::string& path);
// Every QR symbol zbar finds on page 1, rasterised by pdftoppm at 150 dpi.
std::vector<std::string> qr_codes_in_pdf(const std::string& path);

std::string temp_path(const std::string& tag);

// Starts a private cupsd for one test. Only where cupsd is not installed does the caller skip (with the
// returned message); a cupsd that is installed but does not start fails the test.
struct SandboxOrSkip {
  std::unique_ptr<PrivateCupsd> cupsd;
  std::string skip_reason;
};
SandboxOrSkip start_sandbox(PrivateCupsdOptions options = {});

}  // namespace zhidui::drivers::a4_printer::testing

// Skips the current test when there is no cupsd to start; a failed start has already failed the test.
#define A4_START_SANDBOX_OR_SKIP(var, ...)                                                 \
  auto var##_started = ::zhidui::drivers::a4_printer::testing::start_sandbox(__VA_ARGS__); \
  if (!var##_started.cupsd) GTEST_SKIP() << var##_started.skip_reason;                     \
  auto& var = *var##_started.cupsd
