// platform_sim_process.h — runs the real platform-sim binary as a child process, for any test that
// needs the central platform (platform client, sync engine, end to end).
//
//   zhidui::testing::PlatformSimProcess sim;                  // makes a private temp folder
//   std::string url = sim.start({"--fault", "reset:p=0.1"});  // port 0 + --port-file + temp --db
//   ASSERT_FALSE(url.empty()) << sim.error();
//   ... PlatformConfig{.base_url = url, .token = sim.token()} ...
//   EXPECT_EQ(sim.stop(), 0);                                 // SIGTERM, waitpid: exit status
//
// start() may be called again after stop() (or kill_hard()): the same --db file is reused, so a test
// can restart or crash the platform and check that nothing was lost. The destructor SIGKILLs a
// platform still running and removes the temp folder. The child dies with SIGKILL if the thread that
// started it exits (PR_SET_PDEATHSIG), so a crashed test leaves no server behind.
// The child's stdout and stderr go to log_path(); error() quotes its tail when start() fails.
// Header-only; needs libcurl and sqlite3 (both come with zhidui_offline).
// Everything lives in zhidui::testing; inside namespace zhidui, spell GoogleTest's own names
// ::testing::… (the macros already do).
#pragma once

#include <curl/curl.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>
#include <nlohmann/json.hpp>
#include "zhidui_build_paths.h"

#ifndef ZHIDUI_BUILD_DIR
#error "ZHIDUI_BUILD_DIR must name the build folder that holds platform-sim"
#endif

namespace zhidui::testing {

// ---- a minimal blocking HTTP call, for admin endpoints and hand-made requests ----------------------

struct HttpReply {
  long status = 0;       // 0 when no HTTP answer arrived
  int curl_code = 0;     // CURLcode of the transfer (CURLE_PARTIAL_FILE = 18 after a dropped body)
  std::string body;
  std::string headers;   // raw header block, lines as received
  bool has_header(const std::string& name_colon_value) const {
    std::string h = headers, n = name_colon_value;
    for (auto* s : {&h, &n})
      for (auto& c : *s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return h.find(n) != std::string::npos;
  }
};

inline HttpReply http_request(const std::string& method, const std::string& url,
                              const std::vector<std::string>& headers = {}, const std::string& body = {},
                              long timeout_ms = 10000) {
  static const bool curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  HttpReply reply;
  CURL* easy = curl_ready ? curl_easy_init() : nullptr;
  if (!easy) {
    reply.curl_code = CURLE_FAILED_INIT;
    return reply;
  }
  auto append = +[](char* data, size_t size, size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
  };
  curl_slist* list = nullptr;
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  list = curl_slist_append(list, "Expect:");
  curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_PROXY, "");
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, list);
  if (method == "POST" || method == "PUT") {
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.size()));
  }
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, append);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &reply.headers);
  reply.curl_code = curl_easy_perform(easy);
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &reply.status);
  curl_easy_cleanup(easy);
  curl_slist_free_all(list);
  return reply;
}

// A valid application body as the kiosk would send it. Test data only: the person is made up.
inline std::string sample_application_body(const std::string& uuid, const std::string& kiosk_id,
                                           const std::string& policy_id = "hn-employment-subsidy",
                                           const std::string& name = "测试用户",
                                           const std::string& id_number = "430102199001011234") {
  std::ostringstream out;
  out << R"({"uuid":")" << uuid << R"(","policy_id":")" << policy_id << R"(","applicant":{"name":")" << name
      << R"(","id_number":")" << id_number << R"(","phone":"13800000000"},"form":{"amount_requested":1000},)"
      << R"("submitted_at":"2025-01-01T08:00:00Z","kiosk_id":")" << kiosk_id << R"("})";
  return out.str();
}

// Rows in the platform's SQLite file, opened read-only next to the running simulator (WAL allows
// it). `uuid` empty = all rows. -1 when the file cannot be read.
inline long long count_platform_applications(const std::string& db_path, const std::string& uuid = {}) {
  sqlite3* db = nullptr;
  long long count = -1;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* stmt = nullptr;
    const char* sql = "SELECT COUNT(*) FROM applications WHERE ?1 = '' OR uuid = ?1";
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK) {
      sqlite3_bind_text(stmt, 1, uuid.c_str(), -1, SQLITE_TRANSIENT);
      if (sqlite3_step(stmt) == SQLITE_ROW) count = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return count;
}

// ---- the child process ---------------------------------------------------------------------------

class PlatformSimProcess {
 public:
  PlatformSimProcess() {
    std::string pattern = (std::filesystem::temp_directory_path() / "platform-sim-XXXXXX").string();
    if (char* made = mkdtemp(pattern.data())) dir_ = made;
    db_path_ = dir_ + "/platform.db";
    port_file_ = dir_ + "/port";
    log_path_ = dir_ + "/platform-sim.log";
  }
  ~PlatformSimProcess() {
    kill_hard();
    std::error_code ec;
    if (!dir_.empty() && std::getenv("ZHIDUI_KEEP_SIM_DIR") == nullptr) std::filesystem::remove_all(dir_, ec);
  }
  PlatformSimProcess(const PlatformSimProcess&) = delete;
  PlatformSimProcess& operator=(const PlatformSimProcess&) = delete;

  static std::string binary() { return ZHIDUI_BUILD_DIR "/platform-sim"; }

  // Starts platform-sim with `args` plus --port 0, --port-file and (unless given) --db. Returns the
  // base URL (http://127.0.0.1:<port>), or "" with error() set.
  std::string start(const std::vector<std::string>& args = {},
                    std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    error_.clear();
    if (running()) return fail("already running");
    if (dir_.empty()) return fail("could not create a temp folder");
    std::vector<std::string> argv = {binary(), "--port", "0", "--port-file", port_file_};
    bool has_db = false;
    token_ = "dev-token";
    admin_token_.clear();
    for (size_t i = 0; i < args.size(); ++i) {
      if (args[i] == "--db") has_db = true;
      if (args[i] == "--token" && i + 1 < args.size()) token_ = args[i + 1];
      if (args[i] == "--admin-token" && i + 1 < args.size()) admin_token_ = args[i + 1];
    }
    if (!has_db) argv.insert(argv.end(), {"--db", db_path_});
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> c_argv;
    for (auto& a : argv) c_argv.push_back(a.data());
    c_argv.push_back(nullptr);
    std::remove(port_file_.c_str());

    // Everything the child needs is prepared above: between fork and exec only async-signal-safe calls.
    const pid_t parent = getpid();
    const std::string bin = binary();
    pid_t pid = fork();
    if (pid < 0) return fail("fork failed");
    if (pid == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(126);
      sigset_t none;
      sigemptyset(&none);
      sigprocmask(SIG_SETMASK, &none, nullptr);
      int log_fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
      int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
      if (log_fd >= 0) dup2(log_fd, 1), dup2(log_fd, 2);
      if (null_fd >= 0) dup2(null_fd, 0);
      execv(bin.c_str(), c_argv.data());
      _exit(127);
    }
    pid_ = pid;

    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return fail("platform-sim exited during start-up (status " + std::to_string(status) + ")");
      }
      std::ifstream in(port_file_);
      int port = 0;
      if (in >> port && port > 0) {
        port_ = port;
        base_url_ = "http://127.0.0.1:" + std::to_string(port);
        return base_url_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill_hard();
    return fail("no port file after " + std::to_string(timeout.count()) + " ms");
  }

  // SIGTERM, then wait up to `grace` for a clean exit (SIGKILL after that). Returns the exit status,
  // 128 + signal number when killed by a signal, or -1 when nothing was running.
  int stop(std::chrono::milliseconds grace = std::chrono::seconds(10)) {
    if (!running()) return -1;
    ::kill(pid_, SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + grace;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  // The platform crashes: SIGKILL, no clean-up.
  void kill_hard() {
    if (!running()) return;
    ::kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  int port() const { return port_; }
  const std::string& base_url() const { return base_url_; }
  const std::string& dir() const { return dir_; }
  const std::string& db_path() const { return db_path_; }
  const std::string& port_file() const { return port_file_; }
  const std::string& log_path() const { return log_path_; }
  const std::string& token() const { return token_; }
  const std::string& error() const { return error_; }

  std::string log_tail(size_t max_bytes = 4000) const {
    std::ifstream in(log_path_, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return text.size() > max_bytes ? text.substr(text.size() - max_bytes) : text;
  }

  // ---- admin endpoints ----
  HttpReply admin_get(const std::string& path) const {
    return http_request("GET", base_url_ + path, {"Authorization: Bearer " + admin_token()});
  }
  // A department's decision on an application: "advance", "reject" or "return" (the last two with a note).
  HttpReply decide(const std::string& uuid, const std::string& decision, const std::string& note = {}) const {
    const std::string body = nlohmann::json{{"uuid", uuid}, {"decision", decision}, {"note", note}}.dump();
    return http_request("POST", base_url_ + "/admin/applications/advance",
                        {"Authorization: Bearer " + admin_token(), "Content-Type: application/json"}, body);
  }
  // Replaces the fault rules (an empty list clears them).
  HttpReply set_faults(const std::vector<std::string>& specs) const {
    std::string body = R"({"faults":[)";
    for (size_t i = 0; i < specs.size(); ++i) body += (i ? ",\"" : "\"") + specs[i] + "\"";
    body += "]}";
    return http_request("POST", base_url_ + "/admin/faults",
                        {"Authorization: Bearer " + admin_token(), "Content-Type: application/json"}, body);
  }

 private:
  std::string fail(const std::string& why) {
    error_ = why + "\n--- platform-sim log ---\n" + log_tail();
    return {};
  }
  const std::string& admin_token() const { return admin_token_.empty() ? token_ : admin_token_; }

  std::string dir_, db_path_, port_file_, log_path_, base_url_, error_;
  std::string token_ = "dev-token", admin_token_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace zhidui::testing
