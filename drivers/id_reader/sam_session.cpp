// sam_session.cpp — see sam_session.h.
#include "drivers/id_reader/sam_session.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>

#include <sodium.h>

namespace zhidui::drivers::id_reader {
namespace {

// Short enough that stop() is noticed within a tenth of a second, long enough not to spin.
constexpr int kWaitSliceMs = 50;

std::string command_name(Command c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02X %02X", unsigned(c.cmd), unsigned(c.para));
  return buf;
}

}  // namespace

Result<SamSession> SamSession::open(const std::string& path, int baud, LineCounters* counters) {
  auto port = SerialPort::open(path, baud);
  if (!port.ok()) return port.error();
  return SamSession(std::move(port).value(), counters);
}

Result<Response> SamSession::transact(Command command, int timeout_ms, const std::atomic<bool>* cancel) {
  count(&LineCounters::commands);
  decoder_.reset();
  if (auto flushed = port_.flush_input(); !flushed.ok()) return flushed.error();
  const auto frame_bytes = encode_command(command);
  if (auto written = port_.write_all(frame_bytes, timeout_ms); !written.ok()) return written.error();

  auto frame = await_frame(timeout_ms, cancel);
  if (!frame.ok()) {
    Error error = frame.error();
    error.message = "command " + command_name(command) + ": " + error.message;
    return error;
  }
  auto view = as_response(*frame);
  if (!view.ok()) {
    count(&LineCounters::corrupted);
    return view.error();
  }
  Response response{view->sw1, view->sw2, view->sw3, std::vector<uint8_t>(view->data.begin(), view->data.end())};
  sodium_memzero(frame->body.data(), frame->body.size());  // may hold a card's text; the copy is the caller's
  return response;
}

Result<Frame> SamSession::await_frame(int timeout_ms, const std::atomic<bool>* cancel) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  struct WipedChunk {  // raw serial bytes may hold a card's text
    std::array<uint8_t, 512> bytes{};
    ~WipedChunk() { sodium_memzero(bytes.data(), bytes.size()); }
  } buffer;
  auto& chunk = buffer.bytes;
  for (;;) {
    if (auto decoded = decoder_.next()) {
      if (!decoded->ok()) count(&LineCounters::corrupted);
      return std::move(*decoded);
    }
    if (cancel && cancel->load()) return make_error(errc::kCancelled, "stopped while waiting for the module");
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) break;
    auto got = port_.read_some(chunk, int(std::min<long long>(left, kWaitSliceMs)));
    if (!got.ok()) return got.error();
    decoder_.feed(std::span(chunk).first(*got));
  }
  if (decoder_.pending_bytes() > 0) {
    count(&LineCounters::corrupted);
    return make_error(errc::kSamTruncated, "answer stopped after " + std::to_string(decoder_.pending_bytes()) +
                                               " bytes within " + std::to_string(timeout_ms) + " ms");
  }
  count(&LineCounters::timeouts);
  return make_error(errc::kSamTimeout, "no answer within " + std::to_string(timeout_ms) + " ms");
}

}  // namespace zhidui::drivers::id_reader
