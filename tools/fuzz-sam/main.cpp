// fuzz-sam — libFuzzer harness for the ID-card reader's wire decoding (built only with clang; see
// CMakeLists.txt): the streaming SAM frame decoder, the response and command views, and the card's text
// layouts (resident, 港澳台 J, foreigner I) with and without fingerprints.
//
// The input is a serial line: its first byte sets the chunk size in which the rest arrives, as a UART
// splits a stream anywhere. Any crash, sanitizer report or escaping exception is a bug, and so is a
// broken invariant: the decoder must make progress (never buffer more than one frame's worth while
// frames are complete), and a frame it returns must re-encode to bytes it decodes to the same body.
// Run: build-fuzz/fuzz_sam -max_total_time=60 -seed_inputs=tools/fuzz-sam/corpus/...
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "drivers/id_reader/id_card.h"
#include "drivers/id_reader/sam_protocol.h"

namespace {
using namespace zhidui::drivers::id_reader;

void check(bool ok) {
  if (!ok) std::abort();  // libFuzzer reports it with the input that broke the invariant
}

void exercise(const Frame& frame) {
  // Round trip: what was accepted re-encodes to a frame with the same body.
  FrameDecoder again;
  auto bytes = encode_frame(frame.body);
  again.feed(bytes);
  auto decoded = again.next();
  check(decoded && decoded->ok() && decoded->value().body == frame.body);

  if (auto response = as_response(frame); response.ok()) {
    (void)describe_sw3(response->sw3);
    for (ReadLayout layout : {ReadLayout::text_photo, ReadLayout::text_photo_fingerprint})
      if (auto card = parse_read_response(response->data, layout); card.ok()) {
        auto text = build_card_text(card.value());
        check(text.size() == 256);
        card.value().wipe();
      }
  }
  if (auto command = as_command(frame); command.ok()) (void)command->data.size();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t chunk = size_t(data[0] % 64) + 1;
  std::span<const uint8_t> line(data + 1, size - 1);
  FrameDecoder decoder;
  for (size_t at = 0; at < line.size(); at += chunk) {
    decoder.feed(line.subspan(at, std::min(chunk, line.size() - at)));
    while (auto next = decoder.next()) {
      if (next->ok()) exercise(next->value());
    }
    // Whatever stays buffered is the start of one frame still arriving: never more than the largest.
    check(decoder.pending_bytes() <= kHeaderSize + kMaxAnnouncedLength);
  }
  // The card text parser on its own, as the block arrives from the module.
  if (line.size() >= 256) {
    if (auto card = parse_card_text(line.first(256)); card.ok()) card.value().wipe();
  }
  return 0;
}
