// pinyin_ime.h — full-pinyin input (librime with the luna-pinyin data, Simplified Chinese output) for the
// kiosk's own keyboard. No ImGui or SDL here: the keyboard in ui/keyboards/ draws what this engine says.
//
// Why a wrapper: rime is a C API over process-wide state (one RimeApi, one deployer, glog). Exactly one
// PinyinIme may exist at a time in a process (asserted); it owns rime from setup to finalize.
//
// Data: everything rime writes (its compiled "build" data, installation.yaml, logs) goes to
// `<data_dir>/rime`, never $HOME. The schema data is read from /usr/share/rime-data (Debian packages
// rime-data-luna-pinyin, rime-prelude, rime-essay); luna_pinyin_simp converts to Simplified Chinese
// through OpenCC's t2s tables (libopencc-data). The user dictionary is switched off: what a citizen
// types (a name) must not be learnt and kept on disk.
//
// Start-up: the first start compiles rime's data (about a second on the kiosk's CPU); the constructor
// returns at once and a worker thread deploys. Until state() is ready every input call is refused
// (returns false / nothing), so the UI shows 输入法准备中 instead of freezing. Later starts find the
// compiled data unchanged and are ready within milliseconds.
//
// Threads: after ready, every call is expected from one thread (the UI thread); calls are serialised
// by a mutex anyway so a benchmark or a test thread cannot corrupt rime's session.
//
// Paging and filtering are the kiosk's own, over rime's whole candidate list: candidates outside the
// Basic Multilingual Plane are never offered (the glyph atlas is BMP-only), and the page size fits the
// candidate bar instead of rime's menu.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace zhidui::input {

enum class ImeState : uint8_t {
  preparing,  // the worker is setting up / deploying rime's data
  ready,
  failed,  // rime could not start (see error()); the keyboard offers handwriting instead
};

struct PinyinCandidate {
  std::string text;
  int index = 0;  // position on the current page: what select() takes
};

struct PinyinImeOptions {
  std::string data_dir;                            // the kiosk's data folder; rime uses <data_dir>/rime
  std::string shared_data_dir = "/usr/share/rime-data";
  int page_size = 6;
  size_t max_input_letters = 40;                   // a longer composition is refused (latency stays bounded)
};

class PinyinIme {
 public:
  // Starts the worker that prepares rime; returns at once.
  explicit PinyinIme(PinyinImeOptions options);
  // Waits for the worker (a deploy in progress finishes first), then finalises rime.
  ~PinyinIme();
  PinyinIme(const PinyinIme&) = delete;
  PinyinIme& operator=(const PinyinIme&) = delete;

  ImeState state() const { return state_.load(std::memory_order_acquire); }
  bool ready() const { return state() == ImeState::ready; }
  // English, for the technician log, when state() is failed.
  std::string error() const;
  // Tests and benchmarks: blocks until the worker is done (ready or failed).
  ImeState wait_until_prepared();
  // How the last preparation went: whether rime compiled its data (a first start) and how long the
  // whole preparation took.
  bool deployed_data() const { return deployed_.load(); }
  int64_t prepare_ms() const { return prepare_ms_.load(); }
  std::string rime_dir() const { return rime_dir_; }

  // A letter a–z; anything else, or a letter while not ready or past max_input_letters, is refused.
  bool press(char letter);
  // Deletes the last letter of the composition; false when nothing is being composed (the keyboard
  // then deletes a character of the field instead).
  bool backspace();
  bool composing() const;
  // The pinyin typed so far as rime segments it ("zhang san"; after a partial selection "张三feng").
  std::string composition() const;

  // The current page, BMP candidates only; empty when not composing.
  std::vector<PinyinCandidate> candidates() const;
  bool has_more() const;
  bool has_previous() const;
  void page_down();
  void page_up();
  int page() const;

  // Picks candidate `index` of the current page. Returns the text committed to the field, which is
  // empty when the candidate covered only the start of the input (composing then continues).
  std::string select(int index);
  // Abandons the composition.
  void clear();
  // Session end: drops the composition and everything rime remembers of this input session (its commit
  // history), by recreating rime's session.
  void wipe();

 private:
  struct Cached {
    std::string text;
    size_t rime_index;
  };
  void prepare();
  bool ensure_cached_locked(size_t count) const;
  void invalidate_locked();
  std::string drain_commit_locked();

  PinyinImeOptions options_;
  std::string rime_dir_;
  std::atomic<ImeState> state_{ImeState::preparing};
  std::atomic<bool> deployed_{false};
  std::atomic<int64_t> prepare_ms_{0};
  std::thread worker_;
  mutable std::mutex mutex_;
  std::string error_;
  uintptr_t session_ = 0;
  int page_ = 0;
  std::string pending_commit_;
  // BMP candidates in rime's order, filled lazily as pages are asked for.
  mutable std::vector<Cached> cache_;
  mutable size_t scanned_ = 0;  // rime candidates examined so far
  mutable bool exhausted_ = false;
};

// True when every code point of `utf8` lies in the Basic Multilingual Plane (and the text is valid).
bool is_bmp_text(const std::string& utf8);

}  // namespace zhidui::input
