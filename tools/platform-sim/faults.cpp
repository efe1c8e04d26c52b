// faults.cpp — parsing and deciding fault rules; see faults.h.
#include "tools/platform-sim/faults.h"

#include <charconv>
#include <cmath>

namespace zhidui::platform_sim {
namespace {

struct KindName {
  FaultKind kind;
  std::string_view name;
};
constexpr KindName kKinds[] = {
    {FaultKind::delay_ms, "delay_ms"},
    {FaultKind::reset, "reset"},
    {FaultKind::hang, "hang"},
    {FaultKind::status_5xx, "status_5xx"},
    {FaultKind::status_429, "status_429"},
    {FaultKind::drop_after_commit, "drop_after_commit"},
    {FaultKind::garbage_body, "garbage_body"},
    {FaultKind::truncated_body, "truncated_body"},
};

// A hang that nobody ends must still end: ten minutes is longer than any client timeout we ship.
constexpr int64_t kDefaultHangMs = 600'000;

bool parse_int(std::string_view text, int64_t& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

bool parse_probability(std::string_view text, double& out) {
  // from_chars for double is in g++ 12; strtod would accept trailing garbage and locales.
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size() && std::isfinite(out) && out >= 0.0 &&
         out <= 1.0;
}

Error bad(std::string_view spec, const std::string& why) {
  return make_error("fault.syntax", "fault '" + std::string(spec) + "': " + why);
}

}  // namespace

std::string_view fault_kind_name(FaultKind kind) {
  for (const auto& k : kKinds)
    if (k.kind == kind) return k.name;
  return "?";
}

bool acts_after_commit(FaultKind kind) {
  return kind == FaultKind::drop_after_commit || kind == FaultKind::garbage_body ||
         kind == FaultKind::truncated_body;
}

Result<FaultRule> parse_fault_rule(std::string_view spec) {
  FaultRule rule;
  rule.spec = std::string(spec);
  std::string_view name = spec.substr(0, spec.find(':'));
  std::string_view params = name.size() < spec.size() ? spec.substr(name.size() + 1) : std::string_view{};
  bool known = false;
  for (const auto& k : kKinds)
    if (k.name == name) rule.kind = k.kind, known = true;
  if (!known) return bad(spec, "unknown kind '" + std::string(name) + "'");
  if (rule.kind == FaultKind::hang) rule.max_ms = kDefaultHangMs;

  bool has_first = false, has_p = false;
  while (!params.empty()) {
    std::string_view item = params.substr(0, params.find(','));
    params = item.size() < params.size() ? params.substr(item.size() + 1) : std::string_view{};
    size_t eq = item.find('=');
    if (eq == std::string_view::npos) return bad(spec, "expected KEY=VALUE, got '" + std::string(item) + "'");
    std::string_view key = item.substr(0, eq), value = item.substr(eq + 1);
    int64_t number = 0;
    if (key == "p") {
      if (!parse_probability(value, rule.probability)) return bad(spec, "p must be a number in [0, 1]");
      has_p = true;
    } else if (key == "first") {
      if (!parse_int(value, number) || number < 0) return bad(spec, "first must be a whole number >= 0");
      rule.first_remaining = number;
      has_first = true;
    } else if (key == "min" && rule.kind == FaultKind::delay_ms) {
      if (!parse_int(value, number) || number < 0) return bad(spec, "min must be milliseconds >= 0");
      rule.min_ms = number;
    } else if (key == "max" && (rule.kind == FaultKind::delay_ms || rule.kind == FaultKind::hang)) {
      if (!parse_int(value, number) || number < 0) return bad(spec, "max must be milliseconds >= 0");
      rule.max_ms = number;
    } else if (key == "status" && rule.kind == FaultKind::status_5xx) {
      if (!parse_int(value, number) || number < 500 || number > 599)
        return bad(spec, "status must be in 500..599");
      rule.status = int(number);
    } else if (key == "retry_after" && rule.kind == FaultKind::status_429) {
      // -1 leaves the header out, to test a 429 without advice.
      if (!parse_int(value, number) || number < -1) return bad(spec, "retry_after must be seconds >= 0, or -1");
      rule.retry_after_s = number;
    } else {
      return bad(spec, "key '" + std::string(key) + "' does not apply to " + std::string(name));
    }
  }
  if (!has_first && !has_p) rule.probability = 1.0;
  if (rule.kind == FaultKind::delay_ms && rule.max_ms < rule.min_ms) return bad(spec, "max must be >= min");
  return rule;
}

std::string fault_syntax_help() {
  return R"(Fault rules (apply to authenticated POST /api/v1/applications requests):
  --fault KIND[:KEY=VALUE[,KEY=VALUE]...]      (repeatable; also POST /admin/faults at runtime)
  common keys:  first=N   fire on the next N requests
                p=X       fire with probability X in [0,1] (after the first N, if both are given)
                          (neither key: fire on every request)
  kinds:
    delay_ms:max=MS[,min=MS]   sleep a random min..max ms first (stacks with one other fault)
    reset                      close the connection without answering; nothing committed
    hang[:max=MS]              never answer until the client disconnects (or MS, default 600000)
    status_5xx[:status=N]      answer N (500..599, default 503); nothing committed
    status_429[:retry_after=S] answer 429 with Retry-After: S (default 1; -1 = no header)
    drop_after_commit          COMMIT, then send headers with Content-Length and close before the body
    garbage_body               COMMIT, then answer 201 with a body that is not JSON
    truncated_body             COMMIT, then answer 201 with only the first half of the JSON
  Rules are consulted in order; the first firing non-delay rule decides the request.
  examples: --fault drop_after_commit:first=1   --fault drop_after_commit:p=0.2 --fault reset:p=0.05
)";
}

FaultPlan::FaultPlan(uint64_t seed) : rng_(seed) {}

void FaultPlan::replace(std::vector<FaultRule> rules) {
  std::lock_guard lock(mutex_);
  rules_ = std::move(rules);
}

void FaultPlan::add(FaultRule rule) {
  std::lock_guard lock(mutex_);
  rules_.push_back(std::move(rule));
}

bool FaultPlan::fires(FaultRule& rule) {
  if (rule.first_remaining > 0) {
    --rule.first_remaining;
    return true;
  }
  if (rule.probability <= 0.0) return false;
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng_) < rule.probability;
}

FaultDecision FaultPlan::decide() {
  std::lock_guard lock(mutex_);
  FaultDecision decision;
  for (auto& rule : rules_) {
    if (rule.kind == FaultKind::delay_ms) {
      if (fires(rule)) {
        ++rule.fired;
        decision.delay_ms += std::uniform_int_distribution<int64_t>(rule.min_ms, rule.max_ms)(rng_);
      }
      continue;
    }
    if (decision.has_fault) continue;
    if (fires(rule)) {
      ++rule.fired;
      decision.has_fault = true;
      decision.fault = rule;
    }
  }
  return decision;
}

nlohmann::json FaultPlan::describe() const {
  std::lock_guard lock(mutex_);
  auto list = nlohmann::json::array();
  for (const auto& r : rules_) {
    list.push_back({{"spec", r.spec},
                    {"kind", fault_kind_name(r.kind)},
                    {"first_remaining", r.first_remaining},
                    {"p", r.probability},
                    {"fired", r.fired}});
  }
  return list;
}

}  // namespace zhidui::platform_sim
