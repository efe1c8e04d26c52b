// scan_payload.cpp — see scan_payload.h.
//
// The USCC check is written here rather than taken from kiosk/validators.h: drivers/ may depend only
// on base/. It is small and pinned by the same test vectors.
#include "drivers/barcode/scan_payload.h"

#include <array>
#include <optional>

#include "base/uuid.h"

namespace zhidui::drivers::barcode {
namespace {

constexpr std::string_view kUsccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";  // 31 characters, index = value
constexpr std::string_view kReceiptPrefix = "zhidui://receipt/v1?";
constexpr size_t kMaxAcceptanceNo = 64;

// Query keys under which licence QRs of various provinces carry the code (compared case-insensitively).
constexpr std::array<std::string_view, 5> kUsccKeys = {"uscc", "creditcode", "tyshxydm", "shxydm", "xydm"};

char upper(char c) { return (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c; }
bool is_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (upper(a[i]) != upper(b[i])) return false;
  return true;
}

// Calls f(key, value) for each key=value pair of the query part (after the first '?'); stops and
// returns its value when f returns one.
template <class F>
auto each_query_param(std::string_view text, F&& f) -> decltype(f(text, text)) {
  const size_t q = text.find('?');
  if (q == std::string_view::npos) return {};
  std::string_view rest = text.substr(q + 1);
  if (size_t hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    const size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    if (auto r = f(key, value)) return r;
  }
  return {};
}

Error bad_receipt(std::string detail) { return make_error(errc::kScanBadReceipt, std::move(detail)); }
Error bad_uscc(std::string detail) { return make_error(errc::kScanBadUscc, std::move(detail)); }

Result<ScanResult> classify_receipt(std::string_view payload) {
  std::optional<std::string_view> id, no;
  each_query_param(payload, [&](std::string_view key, std::string_view value) -> std::optional<bool> {
    if (key == "id" && !id) id = value;
    if (key == "no" && !no) no = value;
    return std::nullopt;
  });
  if (!id) return bad_receipt("kiosk receipt QR without an id parameter");
  if (!is_uuid(std::string(*id))) return bad_receipt("kiosk receipt QR whose id is not a lower-case UUID");
  ScanResult r;
  r.kind = ScanKind::kiosk_receipt;
  r.receipt_id = std::string(*id);
  if (no) {
    // The acceptance number is printed by the kiosk itself: ASCII letters, digits and '-'.
    if (no->empty() || no->size() > kMaxAcceptanceNo)
      return bad_receipt("kiosk receipt QR with an empty or over-long acceptance number");
    for (char c : *no)
      if (!is_alnum(c) && c != '-') return bad_receipt("kiosk receipt QR whose acceptance number has invalid characters");
    r.acceptance_no = std::string(*no);
  }
  return r;
}

bool in_charset(char c) { return kUsccCharset.find(c) != std::string_view::npos; }

// An 18-character token shaped like a USCC: charset only, and the 6-digit administrative division
// code in positions 3-8. Loose enough to catch a mistyped code (reported as bad_uscc), tight enough
// that ordinary words and ids do not qualify.
bool looks_like_uscc(std::string_view t) {
  if (t.size() != 18) return false;
  for (char c : t)
    if (!in_charset(c)) return false;
  for (size_t i = 2; i < 8; ++i)
    if (t[i] < '0' || t[i] > '9') return false;
  return true;
}

std::string to_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = upper(c);
  return out;
}

Result<ScanResult> licence(std::string code) {
  if (!uscc_valid(code)) return bad_uscc("business licence code fails the GB 32100 check");
  ScanResult r;
  r.kind = ScanKind::business_licence;
  r.uscc = std::move(code);
  return r;
}

std::optional<Result<ScanResult>> classify_licence(std::string_view payload) {
  // A URL naming the code in a known parameter: that value is the code, whatever its shape.
  auto named = each_query_param(payload, [](std::string_view key, std::string_view value) -> std::optional<std::string_view> {
    for (auto k : kUsccKeys)
      if (iequals(key, k)) return value;
    return std::nullopt;
  });
  if (named) {
    std::string code = to_upper(*named);
    if (code.size() != 18) return Result<ScanResult>(bad_uscc("licence parameter is not 18 characters long"));
    for (char c : code)
      if (!in_charset(c)) return Result<ScanResult>(bad_uscc("licence parameter has characters outside the USCC set"));
    return licence(std::move(code));
  }
  // Plain text (or a URL with the code in its path): the first alphanumeric run shaped like a USCC.
  for (size_t i = 0; i < payload.size();) {
    if (!is_alnum(payload[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < payload.size() && is_alnum(payload[j])) ++j;
    std::string token = to_upper(payload.substr(i, j - i));
    if (looks_like_uscc(token)) return licence(std::move(token));
    i = j;
  }
  return std::nullopt;
}

}  // namespace

const char* to_string(ScanKind kind) {
  switch (kind) {
    case ScanKind::kiosk_receipt: return "kiosk_receipt";
    case ScanKind::business_licence: return "business_licence";
  }
  return "?";
}

bool uscc_valid(std::string_view code) {
  if (code.size() != 18) return false;
  int sum = 0, weight = 1;  // weight of position i is 3^i mod 31
  for (size_t i = 0; i < 17; ++i) {
    const size_t value = kUsccCharset.find(code[i]);
    if (value == std::string_view::npos) return false;
    sum += int(value) * weight;
    weight = weight * 3 % 31;
  }
  const int check = (31 - sum % 31) % 31;  // 31 → 0
  return code[17] == kUsccCharset[size_t(check)];
}

Result<ScanResult> classify_scan(std::string_view payload) {
  // Scanners may append spaces or a tab; the line splitter already removed CR/LF.
  while (!payload.empty() && (payload.back() == ' ' || payload.back() == '\t')) payload.remove_suffix(1);
  while (!payload.empty() && (payload.front() == ' ' || payload.front() == '\t')) payload.remove_prefix(1);
  if (payload.empty()) return make_error(errc::kScanUnknown, "empty scan");
  if (payload.size() >= kReceiptPrefix.size() && iequals(payload.substr(0, kReceiptPrefix.size()), kReceiptPrefix))
    return classify_receipt(payload);
  if (payload.starts_with("zhidui://"))
    return bad_receipt("kiosk QR of an unsupported kind or version");
  if (auto l = classify_licence(payload)) return std::move(*l);
  return make_error(errc::kScanUnknown,
                    "not a business licence or a kiosk receipt (" + std::to_string(payload.size()) + " characters)");
}

}  // namespace zhidui::drivers::barcode
