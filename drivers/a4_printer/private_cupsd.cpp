// private_cupsd.cpp — see private_cupsd.h.
#include "drivers/a4_printer/private_cupsd.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "drivers/a4_printer/cups_connection.h"
#include "base/log.h"
#include "zhidui_build_paths.h"

namespace fs = std::filesystem;

namespace zhidui::drivers::a4_printer {
namespace {

using namespace std::chrono_literals;

// Pseudo operations for printer_operation(): set the queue's job-hold-until-default. (IPP Hold-New-Jobs
// would be the natural choice, but cupsd 2.4 lets a Create-Job + Send-Document job through anyway.)
constexpr int kSetHoldDefault = -1;
constexpr int kClearHoldDefault = -2;

std::string default_script() {
  if (const char* env = std::getenv("ZHIDUI_CUPS_SANDBOX"); env && *env) return env;
  return (fs::path(ZHIDUI_ASSETS_DIR).parent_path() / "tools" / "cups-sandbox.sh").string();
}

std::string read_tail(const std::string& path, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::stringstream b;
  b << in.rdbuf();
  std::string s = b.str();
  return s.size() > max_bytes ? s.substr(s.size() - max_bytes) : s;
}

int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

// fork + exec with stdout/stderr to `log_path`. The child gets SIGTERM when the starting thread dies,
// so a crashed test does not leave a cupsd behind.
pid_t spawn(const std::vector<std::string>& argv, const std::string& log_path) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (::getppid() != parent) ::_exit(127);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  int in = ::open("/dev/null", O_RDONLY);
  int out = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (in >= 0) ::dup2(in, 0);
  if (out >= 0) {
    ::dup2(out, 1);
    ::dup2(out, 2);
  }
  ::execv(args[0], args.data());
  ::_exit(127);
}

// Waits for `pid` to exit, up to `timeout`; returns its wait status, or -1 if it is still running.
int wait_exit(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    if (r < 0) return 0;  // not our child any more
    if (std::chrono::steady_clock::now() >= deadline) return -1;
    std::this_thread::sleep_for(10ms);
  }
}

}  // namespace

Result<std::unique_ptr<PrivateCupsd>> PrivateCupsd::start(PrivateCupsdOptions options) {
  if (options.sandbox_script.empty()) options.sandbox_script = default_script();
  std::unique_ptr<PrivateCupsd> d(new PrivateCupsd(options));
  if (!fs::exists("/usr/sbin/cupsd"))
    return make_error("a4.sandbox_start", "/usr/sbin/cupsd is not installed (cups-daemon)");
  if (!fs::exists(options.sandbox_script))
    return make_error("a4.sandbox_prepare",
                      "sandbox script not found: " + options.sandbox_script + " (set ZHIDUI_CUPS_SANDBOX)");

  if (options.dir.empty()) {
    char tmpl[] = "/tmp/zhidui-cups.XXXXXX";
    if (!::mkdtemp(tmpl)) return make_error("a4.sandbox_prepare", "cannot create a temporary folder");
    d->dir_ = tmpl;
    d->remove_dir_ = true;
  } else {
    std::error_code ec;
    fs::create_directories(options.dir, ec);
    d->dir_ = fs::absolute(options.dir).lexically_normal().string();
  }
  d->socket_ = d->dir_ + "/cups.sock";
  if (options.listen_tcp) {
    d->port_ = free_loopback_port();
    if (d->port_ == 0) return make_error("a4.sandbox_prepare", "no free loopback port");
  }

  std::vector<std::string> prepare = {"/bin/bash", options.sandbox_script, "prepare", d->dir_,
                                      "--queue",   options.queue};
  if (d->port_) prepare.insert(prepare.end(), {"--port", std::to_string(d->port_)});
  const std::string prepare_log = d->dir_ + "/prepare.log";
  pid_t script = spawn(prepare, prepare_log);
  if (script < 0) return make_error("a4.sandbox_prepare", "cannot fork");
  int status = wait_exit(script, 30s);
  if (status == -1) {
    ::kill(script, SIGKILL);
    ::waitpid(script, nullptr, 0);
    return make_error("a4.sandbox_prepare", options.sandbox_script + " prepare did not finish");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return make_error("a4.sandbox_prepare",
                      options.sandbox_script + " prepare failed: " + read_tail(prepare_log, 2000));

  d->pid_ = spawn({"/usr/sbin/cupsd", "-f", "-c", d->dir_ + "/cupsd.conf", "-s", d->dir_ + "/cups-files.conf"},
                  d->dir_ + "/log/cupsd.out");
  if (d->pid_ < 0) return make_error("a4.sandbox_start", "cannot fork");

  const auto deadline = std::chrono::steady_clock::now() + options.start_timeout;
  const CupsEndpoint endpoint{d->socket_, 0};
  std::string last_problem;
  for (;;) {
    int exit_status = 0;
    if (::waitpid(d->pid_, &exit_status, WNOHANG) == d->pid_) {
      d->pid_ = -1;
      return make_error("a4.sandbox_start", "cupsd exited at start: " + read_tail(d->dir_ + "/log/cupsd.out", 1000) +
                                                read_tail(d->dir_ + "/log/error_log", 2000));
    }
    if (fs::exists(d->socket_)) {
      if (auto http = connect_cups(endpoint, 500ms, 2000ms)) {
        ipp_t* request = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES);
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr,
                     printer_uri(endpoint, options.queue).c_str());
        auto answer = ipp_request(http->get(), request, "sandbox queue " + options.queue);
        if (answer) break;
        last_problem = answer.error().message;
      } else {
        last_problem = http.error().message;
      }
    }
    if (std::chrono::steady_clock::now() >= deadline)
      return make_error("a4.sandbox_start", "cupsd did not answer in time (" + last_problem +
                                                "): " + read_tail(d->dir_ + "/log/error_log", 2000));
    std::this_thread::sleep_for(50ms);
  }
  log::info("a4", "private cupsd running in " + d->dir_ + " (pid " + std::to_string(d->pid_) + ", queue " +
                      options.queue + ")");
  return d;
}

PrivateCupsd::~PrivateCupsd() {
  stop();
  if (remove_dir_ && !dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
}

void PrivateCupsd::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  if (wait_exit(pid_, 5s) == -1) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  pid_ = -1;
}

std::string PrivateCupsd::tcp_server() const { return port_ ? "127.0.0.1:" + std::to_string(port_) : ""; }

std::string PrivateCupsd::output_dir() const { return dir_ + "/pdf"; }

std::string PrivateCupsd::output_for_job(int job_id) const {
  return output_dir() + "/job-" + std::to_string(job_id) + ".pdf";
}

std::vector<std::string> PrivateCupsd::output_files() const {
  std::vector<std::pair<int, std::string>> found;
  std::error_code ec;
  for (auto& e : fs::directory_iterator(output_dir(), ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("job-", 0) == 0 && e.path().extension() == ".pdf")
      found.emplace_back(std::atoi(name.c_str() + 4), e.path().string());
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& f : found) out.push_back(f.second);
  return out;
}

std::string PrivateCupsd::error_log() const { return read_tail(dir_ + "/log/error_log", 8000); }

Status PrivateCupsd::printer_operation(int operation, const std::string& what) {
  const CupsEndpoint endpoint{socket_, 0};
  auto http = connect_cups(endpoint, 2000ms, 5000ms);
  if (!http) return http.error();
  ipp_t* request = ippNewRequest(ipp_op_t(operation));
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, printer_uri(endpoint, queue()).c_str());
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, "root");
  if (operation == IPP_OP_CUPS_ADD_MODIFY_PRINTER) {
    const std::string device = "zhidui-pdf:" + output_dir();
    ippAddString(request, IPP_TAG_PRINTER, IPP_TAG_URI, "device-uri", nullptr, device.c_str());
    ippAddString(request, IPP_TAG_PRINTER, IPP_TAG_TEXT, "printer-info", nullptr, "zhidui A4 sandbox");
    ippAddString(request, IPP_TAG_PRINTER, IPP_TAG_NAME, "printer-error-policy", nullptr, "abort-job");
    ippAddBoolean(request, IPP_TAG_PRINTER, "printer-is-accepting-jobs", 1);
    ippAddInteger(request, IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state", IPP_PSTATE_IDLE);
  }
  if (operation == kSetHoldDefault || operation == kClearHoldDefault) {
    ippSetOperation(request, IPP_OP_CUPS_ADD_MODIFY_PRINTER);
    ippAddString(request, IPP_TAG_PRINTER, IPP_TAG_KEYWORD, "job-hold-until-default", nullptr,
                 operation == kSetHoldDefault ? "indefinite" : "no-hold");
  }
  if (operation == IPP_OP_CANCEL_JOBS) ippAddBoolean(request, IPP_TAG_OPERATION, "my-jobs", 0);
  auto answer = ipp_request(http->get(), request, what + " on sandbox queue " + queue());
  if (!answer) return answer.error();
  return Ok{};
}

Status PrivateCupsd::pause_queue() { return printer_operation(IPP_OP_PAUSE_PRINTER, "Pause-Printer"); }
Status PrivateCupsd::resume_queue() { return printer_operation(IPP_OP_RESUME_PRINTER, "Resume-Printer"); }
Status PrivateCupsd::reject_jobs() { return printer_operation(IPP_OP_CUPS_REJECT_JOBS, "CUPS-Reject-Jobs"); }
Status PrivateCupsd::accept_jobs() { return printer_operation(IPP_OP_CUPS_ACCEPT_JOBS, "CUPS-Accept-Jobs"); }
Status PrivateCupsd::delete_queue() { return printer_operation(IPP_OP_CUPS_DELETE_PRINTER, "CUPS-Delete-Printer"); }
Status PrivateCupsd::recreate_queue() {
  return printer_operation(IPP_OP_CUPS_ADD_MODIFY_PRINTER, "CUPS-Add-Modify-Printer");
}
Status PrivateCupsd::hold_new_jobs(bool hold) {
  return printer_operation(hold ? kSetHoldDefault : kClearHoldDefault, "job-hold-until-default");
}
Status PrivateCupsd::cancel_all_jobs() { return printer_operation(IPP_OP_CANCEL_JOBS, "Cancel-Jobs"); }

Status PrivateCupsd::set_backend_fault(BackendFault fault) { return set_sandbox_backend_fault(dir_, queue(), fault); }

Status set_sandbox_backend_fault(const std::string& sandbox_dir, const std::string& queue, BackendFault fault) {
  const std::string path = sandbox_dir + "/faults/" + queue;
  std::error_code ec;
  if (fault == BackendFault::none) {
    fs::remove(path, ec);
    return Ok{};
  }
  const char* word = fault == BackendFault::media_empty ? "media-empty"
                     : fault == BackendFault::offline   ? "offline"
                     : fault == BackendFault::abort     ? "abort"
                                                        : "slow";
  std::ofstream out(path, std::ios::trunc);
  out << word << "\n";
  if (!out) return make_error("a4.sandbox_fault", "cannot write " + path);
  return Ok{};
}

}  // namespace zhidui::drivers::a4_printer
