// fake_sam_module.cpp — see fake_sam_module.h.
//
// Sections: names · life cycle · the cable (pty and symlink) · worker · answering commands · sending
#include "drivers/id_reader/fake_sam_module.h"

#include <poll.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "drivers/id_reader/wlt_photo.h"

namespace zhidui::drivers::id_reader {
namespace {

// A reader that stopped reading must not wedge the fake: unsent bytes are dropped, as on a wire.
constexpr int kWriteTimeoutMs = 500;

// Frame bodies of the module's successful answers (hardware-facts.md §1.6): find carries 4 bytes,
// select 8 (and the SAM number 16, FakeConfig::sam_number).
constexpr size_t kFindDataSize = 4;
constexpr size_t kSelectDataSize = 8;

std::vector<uint8_t> dummy_photo() {
  std::vector<uint8_t> photo(kWltPhotoSize);
  for (size_t i = 0; i < photo.size(); ++i) photo[i] = uint8_t((i * 31 + 7) & 0xFF);
  return photo;
}

void append_be16(std::vector<uint8_t>& out, size_t value) {
  assert(value <= 0xFFFF && "length does not fit 16 bits");
  out.push_back(uint8_t((value >> 8) & 0xFF));
  out.push_back(uint8_t(value & 0xFF));
}

}  // namespace

// --- names ------------------------------------------------------------------------------------------------

const char* to_string(Fault fault) {
  switch (fault) {
    case Fault::none: return "none";
    case Fault::bad_checksum: return "bad_checksum";
    case Fault::split_frames: return "split_frames";
    case Fault::truncated: return "truncated";
    case Fault::silence: return "silence";
    case Fault::sam_error: return "sam_error";
    case Fault::unrecognised_card: return "unrecognised_card";
    case Fault::read_failed: return "read_failed";
    case Fault::halted_after_read: return "halted_after_read";
  }
  return "?";
}

// --- life cycle -------------------------------------------------------------------------------------------

FakeSamModule::FakeSamModule(FakeConfig config) : config_(std::move(config)), rng_(config_.seed) {}

FakeSamModule::~FakeSamModule() { stop(); }

Result<std::string> FakeSamModule::start() {
  assert(!thread_.running() && "FakeSamModule::start() called twice");
  auto link = cable_.install(config_.link_dir, config_.link_name, "zhidui-fake-id");
  if (!link) return link.error();
  link_path_ = link.value();
  {
    std::lock_guard lock(mutex_);
    pty_path_ = cable_.pty_name();
  }
  thread_.start([this] { return round(); });
  return link_path_;
}

void FakeSamModule::stop() {
  thread_.stop();
  close_pty();
  cable_.remove();
}

std::string FakeSamModule::device_path() const { return link_path_; }

std::string FakeSamModule::pty_path() const {
  std::lock_guard lock(mutex_);
  return pty_path_;
}

void FakeSamModule::present(IdCard card, CardCondition condition) {
  std::lock_guard lock(mutex_);
  swap_ = card_ ? Swap::pending : Swap::none;
  if (card_) card_->wipe();
  card_ = std::move(card);
  condition_ = condition;
  selected_ = halted_ = false;
}

void FakeSamModule::remove_card() {
  std::lock_guard lock(mutex_);
  if (card_) card_->wipe();
  card_.reset();
  selected_ = halted_ = false;
  swap_ = Swap::none;
}

bool FakeSamModule::card_present() const {
  std::lock_guard lock(mutex_);
  return card_.has_value();
}

void FakeSamModule::set_fault(Fault fault) {
  std::lock_guard lock(mutex_);
  fault_ = fault;
}

Fault FakeSamModule::fault() const {
  std::lock_guard lock(mutex_);
  return fault_;
}

void FakeSamModule::script_answer(Command command, uint8_t sw3) {
  std::lock_guard lock(mutex_);
  scripted_[{command.cmd, command.para}] = sw3;
}

void FakeSamModule::clear_scripted_answers() {
  std::lock_guard lock(mutex_);
  scripted_.clear();
}

uint64_t FakeSamModule::commands_received(Command command) const {
  std::lock_guard lock(mutex_);
  auto it = received_.find({command.cmd, command.para});
  return it == received_.end() ? 0 : it->second;
}

uint64_t FakeSamModule::commands_received() const {
  std::lock_guard lock(mutex_);
  return total_received_;
}

uint64_t FakeSamModule::faults_injected() const {
  std::lock_guard lock(mutex_);
  return faults_injected_;
}

uint64_t FakeSamModule::commands_unanswered() const {
  std::lock_guard lock(mutex_);
  return unanswered_;
}

// --- the cable ----------------------------------------------------------------------------------------------

Status FakeSamModule::open_pty() {
  if (auto plugged = cable_.plug(); !plugged) return plugged;
  decoder_.reset();
  std::lock_guard lock(mutex_);
  pty_path_ = cable_.pty_name();
  return Ok{};
}

void FakeSamModule::close_pty() {
  cable_.unplug();
  decoder_.reset();
  std::lock_guard lock(mutex_);
  pty_path_.clear();
  selected_ = halted_ = false;  // the module lost power with the cable
}

void FakeSamModule::unplug() {
  thread_.run_between_rounds([this] { close_pty(); });
}

Status FakeSamModule::replug() {
  Status result = make_error("fake.setup", "replug did not run");
  thread_.run_between_rounds([this, &result] { result = open_pty(); });
  return result;
}

bool FakeSamModule::plugged() const {
  std::lock_guard lock(mutex_);
  return !pty_path_.empty();
}

// --- worker ---------------------------------------------------------------------------------------------------

// The worker owns the pty fds: the cable operations run on it between rounds (run_between_rounds), so a
// close never races a poll or a read.
int FakeSamModule::round() {
  // Asleep until the reader writes (unplugged: until a cable operation or stop() pokes): no timer.
  if (thread_.wait_readable(cable_.master(), PollThread::kUntilPoked) != PollThread::Woken::readable) return 0;
  std::array<uint8_t, 512> chunk{};
  ssize_t n = ::read(cable_.master(), chunk.data(), chunk.size());
  if (n <= 0) {
    // No slave end open at this instant (cannot happen while the cable holds the slave, but never spin).
    return n < 0 && errno != EAGAIN && errno != EINTR ? 10 : 0;
  }
  decoder_.feed(std::span(chunk).first(size_t(n)));
  while (auto decoded = decoder_.next()) {
    std::optional<Outgoing> out;
    {
      std::lock_guard lock(mutex_);
      out = answer(*decoded);
    }
    if (out) send(*out);
  }
  return 0;
}

// --- answering commands ------------------------------------------------------------------------------------------

std::optional<FakeSamModule::Outgoing> FakeSamModule::answer(const Result<Frame>& decoded) {
  const bool split = fault_ == Fault::split_frames;
  auto reply = [split](std::vector<uint8_t> bytes) { return Outgoing{std::move(bytes), split}; };

  if (!decoded.ok()) {
    // A module answers a damaged command with its own status rather than staying silent.
    if (fault_ == Fault::silence) {
      ++unanswered_;
      return std::nullopt;
    }
    return reply(
        encode_response(decoded.error().is(errc::kSamChecksum) ? sw3::host_checksum_error : sw3::host_length_error));
  }
  auto view = as_command(*decoded);
  if (!view.ok()) return reply(encode_response(sw3::host_length_error));
  const Command command = view->command;
  ++received_[{command.cmd, command.para}];
  ++total_received_;

  if (fault_ == Fault::silence) {
    ++unanswered_;
    return std::nullopt;
  }
  if (auto scripted = scripted_.find({command.cmd, command.para}); scripted != scripted_.end()) {
    selected_ = false;  // a refused step leaves no card selected
    return reply(encode_response(scripted->second));
  }
  if (fault_ == Fault::sam_error) return reply(encode_response(sw3::sam_self_test_failed));

  if (command == commands::reset) {
    selected_ = false;
    return reply(encode_response(sw3::ok));
  }
  if (command == commands::sam_status) return reply(encode_response(sw3::ok));
  if (command == commands::sam_id) return reply(encode_response(sw3::ok, config_.sam_number));
  // During a swap the field is empty from one find until the next one.
  if (command == commands::find_card) {
    selected_ = false;
    if (swap_ == Swap::pending) {
      swap_ = Swap::lifted;
      return reply(encode_response(sw3::find_failed));
    }
    swap_ = Swap::none;
    if (!card_ || halted_) return reply(encode_response(sw3::find_failed));
    return reply(encode_response(sw3::find_ok, std::vector<uint8_t>(kFindDataSize, 0)));
  }
  if (command == commands::select_card) {
    if (!card_ || swap_ == Swap::lifted) return reply(encode_response(sw3::select_failed));
    selected_ = true;
    return reply(encode_response(sw3::ok, std::vector<uint8_t>(kSelectDataSize, 0)));
  }
  if (command == commands::read_text_photo || command == commands::read_text_photo_fingerprint) {
    std::vector<uint8_t> frame = read_response(command);
    if (frame.size() > kHeaderSize + 4) {  // a successful read: the faults that hit the line apply here
      if (fault_ == Fault::bad_checksum) {
        frame[frame.size() - 2] ^= 0x5A;
        fault_ = Fault::none;
        ++faults_injected_;
      } else if (fault_ == Fault::truncated) {
        frame.resize(frame.size() / 2);
        ++faults_injected_;
      }
    }
    return reply(std::move(frame));
  }
  if (command == commands::read_appended_address) {
    if (!card_ || !selected_) return reply(encode_response(sw3::read_failed));
    return reply(encode_response(sw3::no_content));
  }
  if (command.cmd == 0x60 && command.para <= 0x04) return reply(encode_response(sw3::ok));  // baud (pty ignores it)
  if (command.cmd == 0x61 && command.para == 0xFF) return reply(encode_response(sw3::ok));  // RF frame size
  return reply(encode_response(sw3::command_error));
}

std::vector<uint8_t> FakeSamModule::read_response(Command command) {
  if (!card_ || !selected_ || swap_ == Swap::lifted)
    return encode_response(sw3::read_failed);  // the module reads only a selected card
  selected_ = false;  // the next read needs find and select again, as on the real module
  if (condition_ == CardCondition::unrecognised || fault_ == Fault::unrecognised_card)
    return encode_response(sw3::unrecognized_card);
  if (fault_ == Fault::read_failed) return encode_response(sw3::read_failed);

  const std::vector<uint8_t> text = build_card_text(*card_);
  const std::vector<uint8_t> photo = card_->photo_wlt.size() == kWltPhotoSize ? card_->photo_wlt : dummy_photo();
  const bool with_fingerprint = command == commands::read_text_photo_fingerprint;
  std::vector<uint8_t> data;
  data.reserve(6 + text.size() + photo.size());
  append_be16(data, text.size());
  append_be16(data, photo.size());
  if (with_fingerprint) append_be16(data, 0);  // this card carries no fingerprint templates
  data.insert(data.end(), text.begin(), text.end());
  data.insert(data.end(), photo.begin(), photo.end());
  if (fault_ == Fault::halted_after_read) halted_ = true;
  return encode_response(sw3::ok, data);
}

// --- sending ---------------------------------------------------------------------------------------------------------

void FakeSamModule::send(const Outgoing& out) {
  if (!out.split) {
    write_master(out.bytes);
    return;
  }
  std::uniform_int_distribution<size_t> chunk_size(1, 48);
  std::uniform_int_distribution<int> pause_us(0, 1500);
  size_t sent = 0;
  while (sent < out.bytes.size()) {
    const size_t n = std::min(chunk_size(rng_), out.bytes.size() - sent);
    write_master(std::span(out.bytes).subspan(sent, n));
    sent += n;
    std::this_thread::sleep_for(std::chrono::microseconds(pause_us(rng_)));
  }
}

void FakeSamModule::write_master(std::span<const uint8_t> bytes) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kWriteTimeoutMs);
  size_t done = 0;
  while (done < bytes.size() && cable_.plugged()) {
    ssize_t n = ::write(cable_.master(), bytes.data() + done, bytes.size() - done);
    if (n > 0) {
      done += size_t(n);
      continue;
    }
    if (n < 0 && errno != EAGAIN && errno != EINTR) return;  // nobody listening: the bytes are lost, as on a wire
    if (std::chrono::steady_clock::now() > deadline) return;
    pollfd pfd{cable_.master(), POLLOUT, 0};
    ::poll(&pfd, 1, 10);
  }
}

}  // namespace zhidui::drivers::id_reader
