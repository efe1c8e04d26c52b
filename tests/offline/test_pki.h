// test_pki.h — throwaway certificates for the HTTPS tests, made at test time with the `openssl` command
// in a private temp folder (removed by remove()): a CA, a server certificate signed by it for IP 127.0.0.1
// only, an unrelated key (for a wrong pin), and on request client certificates for mutual TLS, signed by
// the CA or by a second, unrelated one. Nothing is ever disabled to make a test pass; no certificate is
// kept in the repository.
//
//   zhidui::testing::TestPki pki;
//   ASSERT_TRUE(pki.make()) << pki.error;
//   auto client = pki.make_client("kiosk-1");     // {cert, key}, key mode 0600
//   ...
//   pki.remove();
#pragma once

#include <stdlib.h>
#include <sys/stat.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace zhidui::testing {

// Runs `command` with /bin/sh; its stdout, or nullopt when it exits non-zero.
inline std::optional<std::string> run_shell(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return std::nullopt;
  std::string out;
  std::array<char, 512> buffer{};
  while (size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) out.append(buffer.data(), n);
  FILE* raw = pipe.release();
  if (pclose(raw) != 0) return std::nullopt;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

struct ClientCertificate {
  std::string cert, key;  // PEM files; empty when making them failed (TestPki::error says why)
};

struct TestPki {
  std::string dir, ca_cert, server_cert, server_key, server_pin, other_pin, error;

  bool make() {
    std::string pattern = (std::filesystem::temp_directory_path() / "zhidui-tls-XXXXXX").string();
    if (!mkdtemp(pattern.data())) return fail("mkdtemp");
    dir = pattern;
    ca_cert = dir + "/ca.crt";
    server_cert = dir + "/server.crt";
    server_key = dir + "/server.key";
    const std::string steps[] = {
        in_dir("openssl req -x509" + ec() + "-keyout ca.key -out ca.crt -days 2 -subj '/CN=zhidui test CA'"
               " -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign'" + quiet()),
        in_dir("openssl req -new" + ec() + "-keyout server.key -out server.csr -subj '/CN=127.0.0.1'" + quiet()),
        in_dir("printf 'subjectAltName=IP:127.0.0.1\\nbasicConstraints=CA:FALSE\\n"
               "extendedKeyUsage=serverAuth\\n' > server.ext"),
        in_dir("openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial"
               " -out server.crt -days 2 -extfile server.ext" + quiet()),
        in_dir("openssl genpkey -algorithm ec -pkeyopt ec_paramgen_curve:prime256v1 -out other.key" + quiet()),
    };
    for (const auto& step : steps)
      if (!run_shell(step)) return fail("openssl step failed: " + step);
    auto pin_of_cert = run_shell("openssl x509 -in " + server_cert + " -pubkey -noout | openssl pkey -pubin"
                                 " -outform der | openssl dgst -sha256 -binary | base64" + quiet());
    auto pin_of_other = run_shell("openssl pkey -in " + dir + "/other.key -pubout -outform der |"
                                  " openssl dgst -sha256 -binary | base64" + quiet());
    if (!pin_of_cert || !pin_of_other) return fail("computing a pin failed");
    server_pin = *pin_of_cert;
    other_pin = *pin_of_other;
    return true;
  }

  // A client certificate (CN = `name`, extendedKeyUsage clientAuth) and its key (mode 0600) in
  // <dir>/<name>.crt and <name>.key, signed by this CA, or with `by_other_ca` by a second CA that the
  // server does not trust (made once, on first use).
  ClientCertificate make_client(const std::string& name, bool by_other_ca = false) {
    const std::string ca = by_other_ca ? "other-ca" : "ca";
    if (by_other_ca && !std::filesystem::exists(dir + "/other-ca.crt") &&
        !run_shell(in_dir("openssl req -x509" + ec() + "-keyout other-ca.key -out other-ca.crt -days 2"
                          " -subj '/CN=zhidui unrelated CA' -addext 'basicConstraints=critical,CA:TRUE'"
                          " -addext 'keyUsage=critical,keyCertSign,cRLSign'" + quiet()))) {
      fail("making the unrelated CA failed");
      return {};
    }
    const std::string steps[] = {
        in_dir("openssl req -new" + ec() + "-keyout " + name + ".key -out " + name + ".csr -subj '/CN=" + name + "'" +
               quiet()),
        in_dir("printf 'basicConstraints=CA:FALSE\\nkeyUsage=critical,digitalSignature\\n"
               "extendedKeyUsage=clientAuth\\n' > client.ext"),
        in_dir("openssl x509 -req -in " + name + ".csr -CA " + ca + ".crt -CAkey " + ca + ".key -CAcreateserial -out " +
               name + ".crt -days 2 -extfile client.ext" + quiet()),
    };
    for (const auto& step : steps)
      if (!run_shell(step)) {
        fail("openssl step failed: " + step);
        return {};
      }
    ClientCertificate made{dir + "/" + name + ".crt", dir + "/" + name + ".key"};
    ::chmod(made.key.c_str(), 0600);  // what the kiosk demands of a private key
    return made;
  }

  void remove() {
    std::error_code ignored;
    if (!dir.empty()) std::filesystem::remove_all(dir, ignored);
  }
  bool fail(const std::string& why) {
    error = why;
    return false;
  }

 private:
  static std::string ec() { return " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "; }
  std::string quiet() const { return " 2>>" + dir + "/openssl.log"; }
  std::string in_dir(const std::string& command) const { return "cd " + dir + " && " + command; }
};

}  // namespace zhidui::testing
