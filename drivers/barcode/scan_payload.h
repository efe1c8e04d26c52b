// scan_payload.h — what a scanned code means to the kiosk: its own receipt QR, an electronic business
// licence (its USCC), or something the kiosk does not handle.
//
// Pure functions, no I/O: the scanner adapter calls classify_scan on every complete line, and the UI
// can call it on text from anywhere else (tests, the dev dock). Rejections carry a stable code and an
// English detail that never quotes the payload (a QR may carry more than we expect).
//
// Rejection codes: "scan.unknown" (not a code the kiosk handles), "scan.bad_uscc" (looks like a
// licence but the USCC is malformed or fails the GB 32100 check), "scan.bad_receipt" (the kiosk's
// receipt scheme, but the id or number is missing or malformed).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace zhidui::drivers::barcode {

namespace errc {
inline constexpr std::string_view kScanUnknown = "scan.unknown";
inline constexpr std::string_view kScanBadUscc = "scan.bad_uscc";
inline constexpr std::string_view kScanBadReceipt = "scan.bad_receipt";
inline constexpr std::string_view kScanTooLong = "scan.too_long";  // from the scanner adapter
}  // namespace errc

enum class ScanKind : uint8_t { kiosk_receipt, business_licence };
const char* to_string(ScanKind kind);

struct ScanResult {
  ScanKind kind = ScanKind::kiosk_receipt;
  std::string receipt_id;     // kiosk_receipt: the application's UUID (lower case, 36 characters)
  std::string acceptance_no;  // kiosk_receipt: the acceptance number, empty when the QR has none
  std::string uscc;           // business_licence: the 18-character unified social credit code
};

Result<ScanResult> classify_scan(std::string_view payload);

// Sample codes for the dev dock and tests: an electronic business licence QR carrying platform-sim's demo
// enterprise, and a product barcode the kiosk does not handle.
inline constexpr const char* kSampleLicenceQr =
    "https://www.gsxt.gov.cn/index.html?uniscid=91430104MA4L1A2B39&xydm=91430104MA4L1A2B39";
inline constexpr const char* kSampleForeignCode = "6901234567892";

// GB 32100-2015 check: 18 characters from 0-9 A-H J-N P-R T U W X Y, the last one the check character.
// Upper case only (the standard's form); classify_scan upper-cases before checking.
bool uscc_valid(std::string_view code);

}  // namespace zhidui::drivers::barcode
