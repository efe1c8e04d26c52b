// fake_sam_module.h — a simulated ID-card reader module behind a pseudo-terminal.
//
// The fake speaks the real SAM serial protocol (it decodes command frames with the same FrameDecoder
// and answers with the frames of hardware-facts.md §1.6), so IdCardReader is tested and demonstrated
// through its real serial code path, byte for byte, with no hardware. The dev dock and the tests drive
// it: place or remove a card, inject faults, pull the cable.
//
// The reader opens a stable symlink (<dir>/ttyFAKE-ID) rather than the pty itself, the FakeCable of
// drivers/fake_cable.h: unplug and replug behave as a pulled USB cable and a new /dev/pts number.
//
// Thread-safe: all public functions may be called from any thread. A worker thread answers commands;
// stop() and the destructor join it.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>

#include "drivers/fake_cable.h"
#include "drivers/id_reader/id_card.h"
#include "drivers/id_reader/sam_protocol.h"
#include "base/result.h"
#include "base/worker.h"

namespace zhidui::drivers::id_reader {

enum class Fault : uint8_t {
  none,
  bad_checksum,       // one shot: the next successful read response leaves with a corrupted byte
  split_frames,       // every response is sent in small random chunks with small delays
  truncated,          // every read response stops halfway
  silence,            // commands are received but never answered
  sam_error,          // the SAM failed its self-test: every command answered with SW3 60
  unrecognised_card,  // find and select succeed, read answers SW3 40
  read_failed,        // find and select succeed, read answers SW3 41 (card not flat)
  halted_after_read,  // once read, the card answers find with 80 until lifted (select still works)
};
const char* to_string(Fault fault);

// How the card itself behaves; a damaged card is refused whatever the fault setting.
enum class CardCondition : uint8_t { readable, unrecognised };

struct FakeConfig {
  std::string link_dir;  // empty: a fresh directory under /tmp, removed by stop()
  std::string link_name = "ttyFAKE-ID";
  uint32_t seed = 0x5A17;  // for split_frames chunking, so a failure can be replayed
  // What the module answers to 12 FF (16 bytes); another number plays another module.
  std::array<uint8_t, 16> sam_number = {0x05, 0x00, 0x01, 0x00, 0x15, 0x20, 0x11, 0x00,
                                        0x2A, 0x8B, 0x40, 0x00, 0x07, 0x1C, 0x0D, 0x00};
};

class FakeSamModule {
 public:
  explicit FakeSamModule(FakeConfig config = {});
  ~FakeSamModule();
  FakeSamModule(const FakeSamModule&) = delete;
  FakeSamModule& operator=(const FakeSamModule&) = delete;

  // Opens the pty, creates the symlink and starts answering. Returns the symlink path to give the reader.
  Result<std::string> start();
  void stop();

  std::string device_path() const;  // the stable symlink
  std::string pty_path() const;     // the current /dev/pts/N; empty while unplugged

  // Placing a card while another lies there is a swap: the old card leaves the field for one find
  // (as it must physically), so the reader sees a removal and then the new card.
  void present(IdCard card, CardCondition condition = CardCondition::readable);
  void remove_card();
  bool card_present() const;

  void set_fault(Fault fault);
  Fault fault() const;

  // A module that answers oddly: from now on every `command` is answered with `sw3` and no data (a
  // refusal such as 21 or 23, a code no table knows, a success code that does not belong to the step).
  // Takes precedence over the faults above, except silence.
  void script_answer(Command command, uint8_t sw3);
  void clear_scripted_answers();

  // The cable: unplug closes the pty (the reader's fd hangs up) and removes the symlink; replug opens
  // a new pty and points the symlink at it.
  void unplug();
  Status replug();
  bool plugged() const;

  // What the fake has seen, for tests and the dev dock.
  uint64_t commands_received(Command command) const;
  uint64_t commands_received() const;
  uint64_t faults_injected() const;  // corrupted or truncated frames actually sent
  uint64_t commands_unanswered() const;  // swallowed by the silence fault

 private:
  struct Outgoing {
    std::vector<uint8_t> bytes;
    bool split = false;
  };

  Status open_pty();  // worker thread, or caller before the thread runs
  void close_pty();
  int round();  // worker: waits for the reader's bytes and answers them
  std::optional<Outgoing> answer(const Result<Frame>& decoded);  // under mutex_
  std::vector<uint8_t> read_response(Command command);             // under mutex_
  void send(const Outgoing& out);
  void write_master(std::span<const uint8_t> bytes);

  const FakeConfig config_;

  mutable std::mutex mutex_;
  // Module and card state (mutex_).
  std::optional<IdCard> card_;
  CardCondition condition_ = CardCondition::readable;
  bool selected_ = false;
  bool halted_ = false;
  enum class Swap : uint8_t { none, pending, lifted } swap_ = Swap::none;
  Fault fault_ = Fault::none;
  std::map<std::pair<uint8_t, uint8_t>, uint8_t> scripted_;  // (cmd, para) -> SW3
  std::map<std::pair<uint8_t, uint8_t>, uint64_t> received_;
  uint64_t total_received_ = 0;
  uint64_t faults_injected_ = 0;
  uint64_t unanswered_ = 0;
  std::string pty_path_;

  // Device files (owned by the worker once it runs).
  FakeCable cable_;
  std::string link_path_;  // set by start(), constant afterwards
  FrameDecoder decoder_;
  std::mt19937 rng_;

  PollThread thread_{"fake-sam"};  // last: stopped before the state above goes
};

}  // namespace zhidui::drivers::id_reader
