// pinyin_ime.cpp — see pinyin_ime.h.
//
// Sections: rime set-up on the worker · input · candidates and paging · selection and wiping.
#include "kiosk/input/pinyin_ime.h"

#include <rime_api.h>

#include <cassert>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/log.h"
#include "base/sensitive.h"
#include "base/utf8.h"

namespace zhidui::input {

namespace fs = std::filesystem;

namespace {

constexpr const char* kSchema = "luna_pinyin_simp";
constexpr int kBackSpace = 0xff08;  // X11 keysym, which rime's key events use

std::atomic<bool> g_engine_alive{false};
// glog may be initialised once per process; only the first engine passes rime an app name.
std::atomic<bool> g_logging_set_up{false};

// Only the schema the kiosk uses is compiled (Debian's default.yaml lists a dozen), and the user
// dictionary is off so typed names are not learnt. Written only when different: rime redeploys when
// its user folder changes, and a rewrite on every start would make every start a first start.
const char* kDefaultCustom =
    "# Written by the zhidui kiosk: compile and offer only the simplified luna-pinyin schema.\n"
    "patch:\n"
    "  schema_list:\n"
    "    - schema: luna_pinyin_simp\n"
    "  menu/page_size: 9\n";
const char* kSchemaCustom =
    "# Written by the zhidui kiosk: never learn what citizens type (names must not stay on disk).\n"
    "patch:\n"
    "  translator/enable_user_dict: false\n";

bool write_if_different(const fs::path& path, const std::string& content) {
  {
    std::ifstream in(path, std::ios::binary);
    if (in) {
      std::stringstream buf;
      buf << in.rdbuf();
      if (buf.str() == content) return true;
    }
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  return bool(out);
}

RimeApi* api() {
  static RimeApi* a = rime_get_api();
  return a;
}

}  // namespace

bool is_bmp_text(const std::string& utf8) {
  if (utf8.empty()) return false;
  for (char32_t c : utf8::decode(utf8))
    if (c > 0xFFFF || c == 0xFFFD) return false;
  return true;
}

// --- rime set-up on the worker ---------------------------------------------------------------------------

PinyinIme::PinyinIme(PinyinImeOptions options) : options_(std::move(options)) {
  bool was_alive = g_engine_alive.exchange(true);
  assert(!was_alive && "only one PinyinIme may exist in a process: rime's state is global");
  (void)was_alive;
  rime_dir_ = (fs::path(options_.data_dir) / "rime").string();
  worker_ = std::thread([this] { prepare(); });
}

PinyinIme::~PinyinIme() {
  if (worker_.joinable()) worker_.join();
  {
    std::lock_guard lock(mutex_);
    if (session_) api()->destroy_session(session_);
    session_ = 0;
    invalidate_locked();
    zhidui::wipe(pending_commit_);
  }
  api()->finalize();
  g_engine_alive.store(false);
}

void PinyinIme::prepare() {
  auto start = std::chrono::steady_clock::now();
  auto fail = [this](const std::string& message) {
    {
      std::lock_guard lock(mutex_);
      error_ = message;
    }
    log::error("ime", "pinyin input unavailable: " + message);
    state_.store(ImeState::failed, std::memory_order_release);
  };
  std::error_code ec;
  fs::path dir(rime_dir_);
  fs::create_directories(dir / "log", ec);
  if (ec) return fail("cannot create " + rime_dir_ + ": " + ec.message());
  if (!fs::exists(fs::path(options_.shared_data_dir) / "luna_pinyin.dict.yaml"))
    return fail("no luna_pinyin.dict.yaml in " + options_.shared_data_dir + " (rime-data-luna-pinyin)");
  if (!write_if_different(dir / "default.custom.yaml", kDefaultCustom) ||
      !write_if_different(dir / "luna_pinyin_simp.custom.yaml", kSchemaCustom))
    return fail("cannot write rime's configuration in " + rime_dir_);

  const std::string log_dir = (dir / "log").string();
  RIME_STRUCT(RimeTraits, traits);
  traits.shared_data_dir = options_.shared_data_dir.c_str();
  traits.user_data_dir = rime_dir_.c_str();
  traits.distribution_name = "zhidui";
  traits.distribution_code_name = "zhidui";
  traits.distribution_version = "1";
  // The "rime." prefix lets rime delete its own old log files; errors only, into our data folder.
  if (!g_logging_set_up.exchange(true)) traits.app_name = "rime.zhidui";
  traits.min_log_level = 2;
  traits.log_dir = log_dir.c_str();
  api()->setup(&traits);
  api()->initialize(&traits);
  // False: rime compares its folders with what it compiled last time and deploys only on a change.
  bool deploying = api()->start_maintenance(/*full_check=*/False);
  if (deploying) api()->join_maintenance_thread();
  deployed_.store(deploying);

  RimeSessionId session = api()->create_session();
  if (!session) return fail("rime could not create a session");
  char schema[64] = {};
  if (!api()->select_schema(session, kSchema) || !api()->get_current_schema(session, schema, sizeof schema) ||
      std::strcmp(schema, kSchema) != 0) {
    api()->destroy_session(session);
    return fail(std::string("rime could not load the schema ") + kSchema);
  }
  api()->set_option(session, "ascii_mode", False);
  api()->set_option(session, "zh_simp", True);
  {
    std::lock_guard lock(mutex_);
    session_ = session;
  }
  prepare_ms_.store(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count());
  log::info("ime", std::string("pinyin input ready in ") + std::to_string(prepare_ms_.load()) + " ms (" +
                       (deploying ? "data compiled" : "compiled data reused") + ")");
  state_.store(ImeState::ready, std::memory_order_release);
}

std::string PinyinIme::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

ImeState PinyinIme::wait_until_prepared() {
  if (worker_.joinable()) worker_.join();
  return state();
}

// --- input ------------------------------------------------------------------------------------------------

bool PinyinIme::press(char letter) {
  if (letter < 'a' || letter > 'z' || !ready()) return false;
  std::lock_guard lock(mutex_);
  const char* input = api()->get_input(session_);
  if (input && std::strlen(input) >= options_.max_input_letters) return false;
  bool handled = api()->process_key(session_, letter, 0);
  pending_commit_ += drain_commit_locked();
  invalidate_locked();
  return handled;
}

bool PinyinIme::backspace() {
  if (!ready()) return false;
  std::lock_guard lock(mutex_);
  const char* input = api()->get_input(session_);
  if (!input || !*input) return false;
  api()->process_key(session_, kBackSpace, 0);
  pending_commit_ += drain_commit_locked();
  invalidate_locked();
  return true;
}

bool PinyinIme::composing() const {
  if (!ready()) return false;
  std::lock_guard lock(mutex_);
  const char* input = api()->get_input(session_);
  return input && *input;
}

std::string PinyinIme::composition() const {
  if (!ready()) return {};
  std::lock_guard lock(mutex_);
  RIME_STRUCT(RimeContext, ctx);
  std::string out;
  if (api()->get_context(session_, &ctx)) {
    if (ctx.composition.preedit) out = ctx.composition.preedit;
    api()->free_context(&ctx);
  }
  return out;
}

// --- candidates and paging ----------------------------------------------------------------------------------

bool PinyinIme::ensure_cached_locked(size_t count) const {
  if (cache_.size() >= count || exhausted_) return cache_.size() >= count;
  RimeCandidateListIterator it{};
  if (!api()->candidate_list_from_index(session_, &it, int(scanned_))) {
    exhausted_ = true;
    return false;
  }
  while (cache_.size() < count) {
    if (!api()->candidate_list_next(&it)) {
      exhausted_ = true;
      break;
    }
    scanned_ = size_t(it.index) + 1;
    std::string text = it.candidate.text ? it.candidate.text : "";
    if (is_bmp_text(text)) cache_.push_back({std::move(text), size_t(it.index)});
  }
  api()->candidate_list_end(&it);
  return cache_.size() >= count;
}

void PinyinIme::invalidate_locked() {
  cache_.clear();
  scanned_ = 0;
  exhausted_ = false;
  page_ = 0;
}

std::vector<PinyinCandidate> PinyinIme::candidates() const {
  std::vector<PinyinCandidate> out;
  if (!ready()) return out;
  std::lock_guard lock(mutex_);
  const size_t first = size_t(page_) * size_t(options_.page_size);
  ensure_cached_locked(first + size_t(options_.page_size));
  for (size_t i = first; i < cache_.size() && i < first + size_t(options_.page_size); ++i)
    out.push_back({cache_[i].text, int(i - first)});
  return out;
}

bool PinyinIme::has_more() const {
  if (!ready()) return false;
  std::lock_guard lock(mutex_);
  return ensure_cached_locked(size_t(page_ + 1) * size_t(options_.page_size) + 1);
}

bool PinyinIme::has_previous() const {
  if (!ready()) return false;
  std::lock_guard lock(mutex_);
  return page_ > 0;
}

void PinyinIme::page_down() {
  if (!has_more()) return;
  std::lock_guard lock(mutex_);
  ++page_;
}

void PinyinIme::page_up() {
  if (!ready()) return;
  std::lock_guard lock(mutex_);
  if (page_ > 0) --page_;
}

int PinyinIme::page() const {
  std::lock_guard lock(mutex_);
  return page_;
}

// --- selection and wiping ----------------------------------------------------------------------------------

std::string PinyinIme::drain_commit_locked() {
  RIME_STRUCT(RimeCommit, commit);
  std::string out;
  if (api()->get_commit(session_, &commit)) {
    if (commit.text) out = commit.text;
    api()->free_commit(&commit);
  }
  return out;
}

std::string PinyinIme::select(int index) {
  if (!ready() || index < 0 || index >= options_.page_size) return {};
  std::lock_guard lock(mutex_);
  const size_t at = size_t(page_) * size_t(options_.page_size) + size_t(index);
  if (!ensure_cached_locked(at + 1)) return {};
  api()->select_candidate(session_, cache_[at].rime_index);
  std::string committed = std::move(pending_commit_);
  pending_commit_.clear();
  committed += drain_commit_locked();
  invalidate_locked();
  return committed;
}

void PinyinIme::clear() {
  if (!ready()) return;
  std::lock_guard lock(mutex_);
  api()->clear_composition(session_);
  drain_commit_locked();
  zhidui::wipe(pending_commit_);
  invalidate_locked();
}

void PinyinIme::wipe() {
  if (!ready()) return;
  std::lock_guard lock(mutex_);
  for (Cached& c : cache_) zhidui::wipe(c.text);
  invalidate_locked();
  zhidui::wipe(pending_commit_);
  // A fresh rime session forgets the composition and the commit history of the old one.
  api()->destroy_session(session_);
  session_ = api()->create_session();
  bool ok = session_ && api()->select_schema(session_, kSchema);
  assert(ok && "rime could not recreate its session after a wipe");
  (void)ok;
  api()->set_option(session_, "ascii_mode", False);
  api()->set_option(session_, "zh_simp", True);
}

}  // namespace zhidui::input
