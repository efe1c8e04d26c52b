// escpos_emulator_fuzz_test.cpp — garbage in never crashes the emulator: random bytes, random command
// fragments, truncated and oversized length fields, at random chunk boundaries. ASan/UBSan runs of this
// file are what catch an out-of-bounds read; the asserts here check the emulator stays usable.
#include <gtest/gtest.h>

#include <random>

#include "drivers/receipt_printer/escpos.h"
#include "drivers/receipt_printer/escpos_emulator.h"
#include "receipt_test_support.h"

namespace zhidui::drivers::receipt_printer {
namespace {

using namespace testing;
using Bytes = std::vector<uint8_t>;

// Feeds `bytes` in random chunks, then checks the emulator still prints and answers.
void feed_in_random_chunks(EscPosEmulator& e, const Bytes& bytes, std::mt19937& rng) {
  size_t pos = 0;
  while (pos < bytes.size()) {
    const size_t n = std::min(bytes.size() - pos, size_t(std::uniform_int_distribution<int>(1, 64)(rng)));
    e.feed(std::span(bytes).subspan(pos, n));
    pos += n;
  }
}

void expect_still_alive(EscPosEmulator& e) {
  (void)e.take_replies();
  // ESC @ cannot end a half-received command, but enough bytes will: a real printer recovers the same
  // way (or not at all). We only require that status answers and nothing crashed.
  e.feed(cmd::status_request(StatusRequest::printer));
  const Bytes replies = e.take_replies();
  ASSERT_FALSE(replies.empty());
  EXPECT_EQ(replies.back(), 0x12);
  for (size_t t = 0; t < e.ticket_count(); ++t) {
    const Raster& r = e.ticket(t);
    ASSERT_EQ(r.pixels.size(), size_t(r.width) * size_t(r.height));
    ASSERT_EQ(r.width, e.width_dots());
  }
}

TEST(EscPosEmulatorRobustness, RandomBytes) {
  std::mt19937 rng(20240605);
  for (int run = 0; run < 2000; ++run) {
    EscPosEmulator e = make_emulator(run % 2 ? PaperWidth::mm58 : PaperWidth::mm80, run % 3 == 0);
    Bytes bytes(size_t(std::uniform_int_distribution<int>(0, 400)(rng)));
    for (auto& b : bytes) b = uint8_t(rng());
    feed_in_random_chunks(e, bytes, rng);
    expect_still_alive(e);
    if (HasFatalFailure()) return;
  }
}

// Random streams built from command prefixes and random parameters, so the parser's deeper paths
// (lengths, QR functions, images) get exercised rather than just text.
TEST(EscPosEmulatorRobustness, RandomCommandFragments) {
  const std::vector<Bytes> prefixes = {{0x1B, 0x40},
                                       {0x1C, 0x26},
                                       {0x1C, 0x2E},
                                       {0x0A},
                                       {0x1B, 0x61},
                                       {0x1B, 0x45},
                                       {0x1D, 0x21},
                                       {0x1B, 0x21},
                                       {0x1B, 0x64},
                                       {0x1B, 0x4A},
                                       {0x1B, 0x33},
                                       {0x1B, 0x24},
                                       {0x1B, 0x20},
                                       {0x1B, 0x2D},
                                       {0x1B, 0x2A},
                                       {0x1B, 0x44},
                                       {0x1D, 0x56},
                                       {0x1D, 0x28, 0x6B},
                                       {0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43},
                                       {0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30},
                                       {0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41},
                                       {0x1D, 0x76, 0x30},
                                       {0x1D, 0x6B},
                                       {0x1D, 0x38, 0x4C},
                                       {0x1D, 0x2A},
                                       {0x1D, 0x72},
                                       {0x10, 0x04},
                                       {0x10, 0x14},
                                       {0x1C, 0x32},
                                       {0x09},
                                       {0xD6, 0xD0},
                                       {0x95, 0x34},
                                       {0x81},
                                       {'A'}};
  std::mt19937 rng(42);
  for (int run = 0; run < 2000; ++run) {
    EscPosEmulator e = make_emulator(run % 2 ? PaperWidth::mm58 : PaperWidth::mm80, true);
    Bytes bytes;
    const int pieces = std::uniform_int_distribution<int>(1, 40)(rng);
    for (int p = 0; p < pieces; ++p) {
      const Bytes& prefix = prefixes[rng() % prefixes.size()];
      bytes.insert(bytes.end(), prefix.begin(), prefix.end());
      const int params = std::uniform_int_distribution<int>(0, 6)(rng);
      for (int k = 0; k < params; ++k) bytes.push_back(rng() % 4 == 0 ? uint8_t(rng() % 4) : uint8_t(rng()));
    }
    feed_in_random_chunks(e, bytes, rng);
    expect_still_alive(e);
    if (HasFatalFailure()) return;
  }
}

TEST(EscPosEmulatorRobustness, TruncatedQrStoreWithHugeLength) {
  EscPosEmulator e = make_emulator(PaperWidth::mm58);
  e.feed(Bytes{0x1D, 0x28, 0x6B, 0xFF, 0xFF, 0x31, 0x50, 0x30, 'a', 'b'});
  e.feed(cmd::qr_print());  // swallowed as payload of the unfinished store: nothing printed
  expect_still_alive(e);
  EXPECT_EQ(e.stats().qr_printed, 0u);
  EXPECT_EQ(e.ticket_count(), 0u);
}

TEST(EscPosEmulatorRobustness, CompletedOversizedQrStoreIsRejected) {
  EscPosEmulator e = make_emulator(PaperWidth::mm58);
  Bytes frame = {0x1D, 0x28, 0x6B, 0xFF, 0xFF, 0x31, 0x50, 0x30};
  frame.resize(5 + 0xFFFF, 'x');  // 65532 payload bytes > 7089
  e.feed(frame);
  e.feed(cmd::qr_print());
  EXPECT_EQ(e.stats().rejected_commands, 1u);
  EXPECT_EQ(e.stats().qr_printed, 0u);
  EXPECT_EQ(e.stats().qr_failed, 1u);  // print with nothing stored
}

TEST(EscPosEmulatorRobustness, HugeImageHeadersAreRejectedNotAwaited) {
  EscPosEmulator e = make_emulator(PaperWidth::mm58);
  e.feed(Bytes{0x1D, 0x76, 0x30, 0x00, 0xFF, 0xFF, 0xFF, 0xFF});  // GS v 0 65535 × 65535
  e.feed(Bytes{0x1D, 0x38, 0x4C, 0xFF, 0xFF, 0xFF, 0x7F});        // GS 8 L 2 GB
  e.feed(Bytes{0x1B, 0x2A, 0x21, 0xFF, 0xFF});                    // ESC * 65535 columns
  EXPECT_EQ(e.stats().rejected_commands, 3u);
  e.feed(Bytes{'o', 'k', 0x0A});
  EXPECT_EQ(e.stats().characters_printed, 2u);
  expect_still_alive(e);
}

TEST(EscPosEmulatorRobustness, QrPrintWithEveryModuleSizeAndLevel) {
  for (uint8_t module = 0; module <= 17; ++module)
    for (uint8_t level = 47; level <= 52; ++level)
      for (uint8_t model = 48; model <= 52; ++model) {
        EscPosEmulator e = make_emulator(PaperWidth::mm58);
        e.feed(Bytes{0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, model, 0x00});
        e.feed(Bytes{0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, module});
        e.feed(Bytes{0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, level});
        e.feed(cmd::qr_store(Bytes{'1', '2', '3'}));
        e.feed(cmd::qr_print());
        e.feed(cmd::cut(CutMode::full));
        ASSERT_EQ(e.ticket_count(), 1u);
        EXPECT_EQ(e.stats().qr_printed + e.stats().qr_failed, 1u);
      }
}

}  // namespace
}  // namespace zhidui::drivers::receipt_printer
