// card_read.cpp — see card_read.h.
#include "drivers/id_reader/card_read.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <string_view>

namespace zhidui::drivers::id_reader {
namespace {

Error sw3_error(std::string_view step, uint8_t value) {
  Sw3Meaning meaning = describe_sw3(value);
  return make_error(meaning.code, std::string(step) + ": " + meaning.detail);
}

bool code_in(const Error& e, std::initializer_list<std::string_view> codes) {
  for (std::string_view c : codes)
    if (e.is(c)) return true;
  return false;
}

}  // namespace

Result<bool> find_card(SamSession& session, int timeout_ms, const std::atomic<bool>* cancel) {
  auto response = session.transact(commands::find_card, timeout_ms, cancel);
  if (!response.ok()) return response.error();
  if (response->sw3 == sw3::find_ok) return true;
  if (response->sw3 == sw3::find_failed) return false;
  return sw3_error("find card", response->sw3);
}

Result<IdCard> select_and_read(SamSession& session, int timeout_ms, const std::atomic<bool>* cancel) {
  auto selected = session.transact(commands::select_card, timeout_ms, cancel);
  if (!selected.ok()) return selected.error();
  if (selected->sw3 != sw3::ok) return sw3_error("select card", selected->sw3);

  auto read = session.transact(commands::read_text_photo, timeout_ms, cancel);
  if (!read.ok()) return read.error();
  if (read->sw3 != sw3::ok) return sw3_error("read card", read->sw3);
  auto card = parse_read_response(read->data, ReadLayout::text_photo);
  // The raw response holds the whole card text; it must not outlive the parse.
  sodium_memzero(read->data.data(), read->data.size());
  return card;
}

Status check_sam_status(SamSession& session, int timeout_ms, const std::atomic<bool>* cancel) {
  auto response = session.transact(commands::sam_status, timeout_ms, cancel);
  if (!response.ok()) return response.error();
  if (response->sw3 != sw3::ok) return sw3_error("SAM status", response->sw3);
  return Ok{};
}

Result<std::string> read_sam_serial(SamSession& session, int timeout_ms, const std::atomic<bool>* cancel) {
  auto response = session.transact(commands::sam_id, timeout_ms, cancel);
  if (!response.ok()) return response.error();
  if (response->sw3 != sw3::ok) return sw3_error("SAM number", response->sw3);
  if (response->data.size() != kSamSerialBytes)
    return make_error(errc::kSamMalformed, "SAM number of " + std::to_string(response->data.size()) +
                                               " bytes, expected " + std::to_string(kSamSerialBytes));
  std::string serial;
  char digits[3];
  for (uint8_t b : response->data) {
    std::snprintf(digits, sizeof digits, "%02X", unsigned(b));
    serial += digits;
  }
  return serial;
}

std::optional<uint8_t> sw3_of(const Error& raw) {
  constexpr std::string_view prefix = "sam.sw3.";
  if (!raw.code.starts_with(prefix) || raw.code.size() != prefix.size() + 2) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  const int hi = nibble(raw.code[prefix.size()]), lo = nibble(raw.code[prefix.size() + 1]);
  if (hi < 0 || lo < 0) return std::nullopt;
  return uint8_t((hi << 4) | lo);
}

bool is_line_glitch(const Error& raw) {
  return code_in(raw, {errc::kSamChecksum, errc::kSamLength, errc::kSamTruncated, errc::kSamMalformed});
}

bool is_link_lost(const Error& raw) { return is_serial_error(raw) || raw.is(errc::kSamTimeout); }

bool is_sam_failure(const Error& raw) {
  const auto value = sw3_of(raw);
  return value == sw3::sam_self_test_failed || value == sw3::sam_not_authorized;
}

bool is_refusal(const Error& raw) {
  const auto value = sw3_of(raw);
  return value && !is_sam_failure(raw) && describe_sw3(*value).actor != Sw3Actor::citizen;
}

Error classify_read_error(const Error& raw) {
  const std::string cause = raw.message + " [" + raw.code + "]";
  const auto value = sw3_of(raw);
  const bool text_refused =
      code_in(raw, {errc::kCardTextSize, errc::kCardTextType, errc::kCardTextEmpty, errc::kCardReadLayout});
  const bool citizen_can_act =
      value ? describe_sw3(*value).actor == Sw3Actor::citizen : is_line_glitch(raw) || text_refused;
  if (!citizen_can_act) return make_error(errc::kReaderUnavailable, "the ID-card reader cannot read now: " + cause);
  constexpr uint8_t kCardRefused[] = {sw3::unrecognized_card,
                                      sw3::card_rejected_sam,
                                      sw3::sam_rejected_card,
                                      sw3::verification_error,
                                      sw3::fingerprint_verification_error,
                                      sw3::information_length_error};
  if (value ? std::ranges::find(kCardRefused, *value) != std::end(kCardRefused) : text_refused)
    return make_error(errc::kCardUnrecognised,
                      "the card was refused (damaged, not genuine or of an unknown type): " + cause);
  // 41 (read failed), 81 (select failed), 47, and corrupted or cut answers while a card is in the field:
  // the usual cure is a card lying flat and still.
  return make_error(errc::kCardMisplaced,
                    "a card is on the reader but could not be read; ask the person to place it flat: " + cause);
}

}  // namespace zhidui::drivers::id_reader
