// faults.h — fault injection for POST /api/v1/applications: the network and platform failures the
// kiosk's outbox must survive (docs/platform-api.md, "Fault injection").
//
// A rule is written `KIND[:KEY=VALUE[,KEY=VALUE]...]`, e.g. `drop_after_commit:first=1`,
// `reset:p=0.05`, `delay_ms:max=5000`, `status_429:first=2,retry_after=3`. A rule fires on the next
// `first` eligible requests, then with probability `p`; with neither key it fires on every request.
// Rules are consulted in the order given: every firing delay_ms rule adds its delay, and the first
// firing rule of any other kind decides the request's fate (later rules are not consulted, so their
// `first` counters do not move).
#pragma once

#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"

namespace zhidui::platform_sim {

enum class FaultKind : uint8_t {
  delay_ms,           // sleep a random min..max ms before handling (stacks with the others)
  reset,              // close the connection without answering, before anything is committed
  hang,               // never answer; hold the connection until the client gives up (or max ms)
  status_5xx,         // answer `status` (default 503) without committing
  status_429,         // answer 429 with Retry-After: `retry_after` seconds, without committing
  drop_after_commit,  // commit, then send headers with a Content-Length and close before the body
  garbage_body,       // commit, then answer 201 with a body that is not JSON
  truncated_body,     // commit, then answer 201 with a well-framed response holding half the JSON
};

std::string_view fault_kind_name(FaultKind kind);
// True for the kinds that act after the application was committed.
bool acts_after_commit(FaultKind kind);

struct FaultRule {
  FaultKind kind = FaultKind::delay_ms;
  int64_t first_remaining = 0;  // fire unconditionally on this many more eligible requests
  double probability = 0.0;     // afterwards, fire with this probability
  int64_t min_ms = 0;           // delay_ms: lower bound
  int64_t max_ms = 0;           // delay_ms: upper bound; hang: give up after this long
  int status = 503;             // status_5xx
  int64_t retry_after_s = 1;    // status_429
  int64_t fired = 0;            // how often this rule fired (for /admin/faults)
  std::string spec;             // the text it was parsed from
};

// Parses one rule; the error message names the offending part.
Result<FaultRule> parse_fault_rule(std::string_view spec);
// The help text describing the syntax (used by --help).
std::string fault_syntax_help();

struct FaultDecision {
  int64_t delay_ms = 0;
  bool has_fault = false;
  FaultRule fault;  // valid when has_fault
};

// The current rules, shared by all handler threads.
class FaultPlan {
 public:
  explicit FaultPlan(uint64_t seed);
  void replace(std::vector<FaultRule> rules);
  void add(FaultRule rule);
  // Consumes `first` counters and rolls probabilities for one eligible request.
  FaultDecision decide();
  nlohmann::json describe() const;

 private:
  bool fires(FaultRule& rule);
  mutable std::mutex mutex_;
  std::vector<FaultRule> rules_;
  std::mt19937_64 rng_;
};

}  // namespace zhidui::platform_sim
