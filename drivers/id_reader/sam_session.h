// sam_session.h — one open link to a SAM module: command out, one response frame back, with a timeout.
//
// The protocol has no sequence numbers, so each exchange starts from a clean line (input flushed,
// decoder reset): a late answer to a timed-out command must not be taken for the next one's.
// Waiting happens in short slices so that a cancel flag (the reader's stop()) is seen promptly.
//
// Error codes (besides the serial.* ones of serial_port.h):
//   sam.timeout    not a single byte of an answer within the timeout (module silent)
//   sam.truncated  an answer began but did not complete within the timeout
//   sam.checksum / sam.length   a corrupted answer (from FrameDecoder)
//   sam.malformed  a frame too short to be a response
//   cancelled      the cancel flag was raised while waiting
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/id_reader/sam_protocol.h"
#include "drivers/serial_port.h"
#include "base/result.h"

namespace zhidui::drivers::id_reader {

namespace errc {
inline constexpr std::string_view kSamTimeout = "sam.timeout";
inline constexpr std::string_view kSamTruncated = "sam.truncated";
inline constexpr std::string_view kCancelled = "cancelled";
}  // namespace errc

struct Response {
  uint8_t sw1 = 0, sw2 = 0, sw3 = 0;
  std::vector<uint8_t> data;
};

// Counts of line-level trouble, for the technician panel; read while the session is in use.
struct LineCounters {
  std::atomic<uint64_t> commands{0};
  std::atomic<uint64_t> timeouts{0};
  std::atomic<uint64_t> corrupted{0};  // checksum, length, truncation, malformed
};

class SamSession {
 public:
  static Result<SamSession> open(const std::string& path, int baud, LineCounters* counters = nullptr);

  Result<Response> transact(Command command, int timeout_ms, const std::atomic<bool>* cancel = nullptr);
  void close() { port_.close(); }
  bool is_open() const { return port_.is_open(); }

 private:
  SamSession(SerialPort port, LineCounters* counters) : port_(std::move(port)), counters_(counters) {}
  Result<Frame> await_frame(int timeout_ms, const std::atomic<bool>* cancel);
  void count(std::atomic<uint64_t> LineCounters::*which) {
    if (counters_) (counters_->*which)++;
  }

  SerialPort port_;
  FrameDecoder decoder_;
  LineCounters* counters_ = nullptr;
};

}  // namespace zhidui::drivers::id_reader
