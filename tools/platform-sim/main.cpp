// main.cpp — platform-sim: the reference central platform for development and tests.
//
// Reads the flags, opens the SQLite file, binds, publishes the port (stdout line and --port-file),
// serves until SIGTERM/SIGINT, then stops cleanly: in-flight handlers finish, delays and hangs are cut
// short, the database is closed. The HTTP contract is docs/platform-api.md.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <thread>

#include "base/log.h"
#include "base/paths.h"
#include "tools/platform-sim/connection.h"
#include "tools/platform-sim/context.h"
#include "tools/platform-sim/tls.h"
#include "zhidui_build_paths.h"

namespace zhidui::platform_sim {
namespace {

constexpr size_t kMaxRequestBody = 1 << 20;  // 1 MiB; larger bodies get 413
constexpr std::chrono::milliseconds kStopGrace{300};

std::string usage() {
  return std::string(R"(usage: platform-sim [options]
The reference "一件事一次办" policy-redemption platform (docs/platform-api.md).

  --host HOST           address to listen on (default 127.0.0.1)
  --port N              port; 0 picks a free one (default 8470)
  --port-file PATH      once listening, write the bound port there (atomically, via rename)
  --db PATH             SQLite file (default var/platform.db; parent folders are created)
  --catalog PATH        JSON file served at GET /api/v1/catalog (re-read when it changes;
                        default: <assets>/catalog/catalog.json if present, else an empty
                        built-in catalog)
  --token TOKEN         bearer token kiosks must send (default dev-token)
  --admin-token TOKEN   bearer token for /admin/* (default: the --token value)
  --fault SPEC          inject faults, repeatable (syntax below)
  --seed N              seed for fault probabilities and delays (default: random)
  --threads N           HTTP worker threads (default 32; each hang or delay holds one)
  --tls-cert FILE       serve HTTPS with this PEM certificate (chain); needs --tls-key
  --tls-key FILE        the PEM private key of --tls-cert
  --tls-client-ca FILE  mutual TLS (needs --tls-cert): require from every client a
                        certificate signed by a CA in this PEM file; a connection
                        without one, or with another, fails in the TLS handshake
                        before any request is read. The bearer token is still required
  --log-level LEVEL     debug | info | warn | error (default info)
  --help, --version

)") + fault_syntax_help();
}

bool parse_number(const std::string& text, int64_t& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

// Returns false (after printing why) when the program should exit with status `exit_code`.
bool parse_flags(int argc, char** argv, SimOptions& options, log::Level& level, int& exit_code) {
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i], value;
    bool has_inline = false;
    if (auto eq = flag.find('='); flag.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
      has_inline = true;
    }
    if (flag == "--help" || flag == "-h") {
      std::cout << usage();
      exit_code = 0;
      return false;
    }
    if (flag == "--version") {
      std::cout << "platform-sim " << ZHIDUI_VERSION << "\n";
      exit_code = 0;
      return false;
    }
    if (!has_inline) {
      if (i + 1 >= argc) {
        std::cerr << "platform-sim: " << flag << " needs a value (see --help)\n";
        exit_code = 2;
        return false;
      }
      value = argv[++i];
    }
    int64_t number = 0;
    exit_code = 2;
    if (flag == "--host") {
      options.host = value;
    } else if (flag == "--port") {
      if (!parse_number(value, number) || number < 0 || number > 65535) {
        std::cerr << "platform-sim: --port must be 0..65535\n";
        return false;
      }
      options.port = int(number);
    } else if (flag == "--db") {
      options.db_path = value;
    } else if (flag == "--port-file") {
      options.port_file = value;
    } else if (flag == "--catalog") {
      options.catalog_path = value;
    } else if (flag == "--token") {
      options.token = value;
    } else if (flag == "--admin-token") {
      options.admin_token = value;
    } else if (flag == "--fault") {
      if (auto rule = parse_fault_rule(value); !rule) {
        std::cerr << "platform-sim: " << rule.error().message << "\n\n" << fault_syntax_help();
        return false;
      }
      options.faults.push_back(value);
    } else if (flag == "--seed") {
      if (!parse_number(value, number)) {
        std::cerr << "platform-sim: --seed must be a whole number\n";
        return false;
      }
      options.seed = uint64_t(number);
    } else if (flag == "--threads") {
      if (!parse_number(value, number) || number < 1 || number > 1024) {
        std::cerr << "platform-sim: --threads must be 1..1024\n";
        return false;
      }
      options.threads = int(number);
    } else if (flag == "--tls-cert") {
      options.tls_cert = value;
    } else if (flag == "--tls-key") {
      options.tls_key = value;
    } else if (flag == "--tls-client-ca") {
      options.tls_client_ca = value;
    } else if (flag == "--log-level") {
      if (value == "debug") level = log::Level::debug;
      else if (value == "info") level = log::Level::info;
      else if (value == "warn") level = log::Level::warn;
      else if (value == "error") level = log::Level::error;
      else {
        std::cerr << "platform-sim: --log-level must be debug, info, warn or error\n";
        return false;
      }
    } else {
      std::cerr << "platform-sim: unknown option " << flag << " (see --help)\n";
      return false;
    }
  }
  if (options.token.empty()) {
    std::cerr << "platform-sim: --token must not be empty\n";
    exit_code = 2;
    return false;
  }
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    std::cerr << "platform-sim: --tls-cert and --tls-key go together\n";
    exit_code = 2;
    return false;
  }
  if (!options.tls_client_ca.empty() && options.tls_cert.empty()) {
    std::cerr << "platform-sim: --tls-client-ca needs --tls-cert and --tls-key (client certificates need TLS)\n";
    exit_code = 2;
    return false;
  }
  return true;
}

// Write-then-rename, so a reader never sees a half-written port number.
Status write_port_file(const std::string& path, int port) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  std::string temp = path + ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(temp, std::ios::trunc);
    out << port << "\n";
    out.flush();
    if (!out) return make_error("port_file.write", "cannot write " + temp);
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    return make_error("port_file.rename", "cannot rename " + temp + " to " + path);
  }
  return Ok{};
}

std::string url_host(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

int run(int argc, char** argv) {
  SimContext context;
  log::Level level = log::Level::info;
  int exit_code = 0;
  if (!parse_flags(argc, argv, context.options, level, exit_code)) return exit_code;
  log::set_min_level(level);
  const SimOptions& options = context.options;

  // SIGTERM and SIGINT are taken by one thread with sigwait(); every other thread (created after
  // this line) inherits the blocked mask. Peers that vanish must not kill us with SIGPIPE.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto db = PlatformDb::open(options.db_path);
  if (!db) {
    std::cerr << "platform-sim: " << db.error().message << "\n";
    return 1;
  }
  context.db = std::move(*db);
  // The demo register (enterprises.cpp); records a test or a human changed in the file are kept.
  if (auto seeded = context.db->seed_enterprises(demo_enterprises()); !seeded) {
    std::cerr << "platform-sim: " << seeded.error().message << "\n";
    return 1;
  }
  if (auto purged = context.db->purge_expired_keys(); !purged) log::warn("platform-sim", purged.error().message);
  context.last_purge_ms = unix_now_ms();

  std::string catalog_path = options.catalog_path;
  if (catalog_path.empty()) {
    std::string bundled = paths::assets_dir() + "/catalog/catalog.json";
    if (std::filesystem::exists(bundled)) catalog_path = bundled;
  }
  auto catalog = CatalogSource::load(catalog_path);
  if (!catalog) {
    std::cerr << "platform-sim: " << catalog.error().message << "\n";
    return 1;
  }
  context.catalog = std::make_unique<CatalogSource>(std::move(*catalog));

  uint64_t seed = options.seed != 0 ? options.seed : std::random_device{}();
  context.faults = std::make_unique<FaultPlan>(seed);
  for (const auto& spec : options.faults) context.faults->add(std::move(*parse_fault_rule(spec)));

  // HTTPS when a certificate is given (mutual TLS with a client CA). httplib::SSLServer is an
  // httplib::Server, so everything below (routes, faults, shutdown) is the same for both.
  const bool tls = !options.tls_cert.empty();
  std::unique_ptr<httplib::Server> server_holder;
  if (tls) {
    auto ssl = make_https_server(options.tls_cert, options.tls_key, options.tls_client_ca);
    if (!ssl) {
      std::cerr << "platform-sim: " << ssl.error().message << "\n";
      return 1;
    }
    server_holder = std::move(ssl).value();
  } else {
    server_holder = std::make_unique<httplib::Server>();
  }
  httplib::Server& server = *server_holder;
  const int threads = options.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(size_t(threads)); };
  server.set_payload_max_length(kMaxRequestBody);
  server.set_tcp_nodelay(true);  // headers and body go out in separate writes: no Nagle wait between them
  server.set_read_timeout(10, 0);
  server.set_write_timeout(10, 0);
  register_routes(server, context);

  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.host);
    if (port <= 0) port = -1;
  } else if (!server.bind_to_port(options.host, port)) {
    port = -1;
  }
  if (port < 0) {
    std::cerr << "platform-sim: cannot listen on " << options.host << ":" << options.port << "\n";
    return 1;
  }
  if (!options.port_file.empty()) {
    if (auto s = write_port_file(options.port_file, port); !s) {
      std::cerr << "platform-sim: " << s.error().message << "\n";
      return 1;
    }
  }

  std::atomic<bool> listen_returned{false};
  std::thread signal_waiter([&] {
    int received = 0;
    sigwait(&stop_signals, &received);
    if (!context.stopping.exchange(true))
      log::info("platform-sim", std::string("received ") + (received == SIGINT ? "SIGINT" : "SIGTERM") + ", stopping");
    // stop() does nothing until listen_after_bind() has started, and a signal may come right after
    // the port file appeared: keep asking until the server has returned. Requests being handled get
    // a grace period to send their answers; then the connections still open (idle keep-alives, which
    // would otherwise hold the worker threads for their whole timeout) are shut down.
    auto grace_ends = std::chrono::steady_clock::now() + kStopGrace;
    bool connections_closed = false;
    while (!listen_returned.load()) {
      server.stop();
      if (!connections_closed && std::chrono::steady_clock::now() > grace_ends) {
        int closed = shut_down_connections(port);
        log::info("platform-sim", "closed " + std::to_string(closed) + " open connection(s)");
        connections_closed = true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });

  std::cout << "platform-sim listening on " << (tls ? "https://" : "http://") << url_host(options.host) << ":" << port << std::endl;
  if (!options.tls_client_ca.empty())
    log::info("platform-sim", "mutual TLS: client certificates signed by " + options.tls_client_ca + " required");
  log::info("platform-sim", "db " + options.db_path + ", " + std::to_string(options.faults.size()) +
                                " fault rule(s), seed " + std::to_string(seed));
  bool listened = server.listen_after_bind();
  listen_returned = true;

  // The server may have ended on its own; wake the waiter if so (the signal stays blocked, so it is
  // delivered to sigwait, not to a default handler).
  if (!context.stopping.exchange(true)) kill(getpid(), SIGTERM);
  signal_waiter.join();
  if (!options.port_file.empty()) std::remove(options.port_file.c_str());
  log::info("platform-sim", "stopped");
  return listened ? 0 : 1;
}

}  // namespace
}  // namespace zhidui::platform_sim

int main(int argc, char** argv) {
  try {
    return zhidui::platform_sim::run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "platform-sim: fatal: " << e.what() << "\n";
    return 1;
  }
}
