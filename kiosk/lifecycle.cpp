// lifecycle.cpp — the transition table and the platform-status mapping of lifecycle.h.
#include "kiosk/lifecycle.h"

#include <algorithm>
#include <array>

#include "kiosk/domain_texts.h"

namespace zhidui {
namespace {

constexpr std::array<std::pair<AppStatus, std::string_view>, 8> kNames = {{
    {AppStatus::draft, "draft"},
    {AppStatus::submitted, "submitted"},
    {AppStatus::accepted, "accepted"},
    {AppStatus::joint_review, "joint_review"},
    {AppStatus::approved, "approved"},
    {AppStatus::paid, "paid"},
    {AppStatus::rejected, "rejected"},
    {AppStatus::returned, "returned"},
}};

// The forward path, in order; platform reports may skip along it.
constexpr std::array<AppStatus, 6> kForward = {AppStatus::draft,        AppStatus::submitted, AppStatus::accepted,
                                               AppStatus::joint_review, AppStatus::approved,  AppStatus::paid};

int forward_index(AppStatus s) {
  auto it = std::find(kForward.begin(), kForward.end(), s);
  return it == kForward.end() ? -1 : static_cast<int>(it - kForward.begin());
}

}  // namespace

std::string_view status_name(AppStatus s) {
  for (auto& [status, name] : kNames)
    if (status == s) return name;
  return "unknown";
}

std::optional<AppStatus> status_from_platform(std::string_view name) {
  for (auto& [status, n] : kNames)
    if (n == name && status != AppStatus::draft) return status;  // the platform never reports a draft
  return std::nullopt;
}

bool can_transition(AppStatus from, AppStatus to) {
  using S = AppStatus;
  switch (from) {
    case S::draft: return to == S::submitted;
    case S::submitted: return to == S::accepted || to == S::rejected || to == S::returned;
    case S::accepted: return to == S::joint_review || to == S::rejected || to == S::returned;
    case S::joint_review: return to == S::approved || to == S::rejected || to == S::returned;
    case S::approved: return to == S::paid;
    case S::returned: return to == S::submitted;  // supplemented and submitted again
    case S::paid:
    case S::rejected: return false;
  }
  return false;
}

bool is_final(AppStatus s) { return s == AppStatus::paid || s == AppStatus::rejected; }

Result<ApplicationState> transition(const ApplicationState& state, AppStatus to, std::string_view reason) {
  if (!can_transition(state.status, to))
    return make_error("lifecycle.invalid_transition", "an application cannot go from " +
                                                          std::string(status_name(state.status)) + " to " +
                                                          std::string(status_name(to)));
  bool needs_reason = to == AppStatus::rejected || to == AppStatus::returned;
  if (needs_reason && reason.empty())
    return make_error("lifecycle.missing_reason", std::string(status_name(to)) + " needs the platform's reason");
  ApplicationState next = state;
  if (next.history.empty()) next.history.push_back(state.status);
  next.history.push_back(to);
  next.status = to;
  next.reason = needs_reason ? std::string(reason) : std::string();
  if (to == AppStatus::rejected) next.rejected_from = state.status;
  return next;
}

Result<ApplicationState> apply_platform_status(const ApplicationState& state, std::string_view platform_status,
                                               std::string_view reason) {
  auto to = status_from_platform(platform_status);
  if (!to) return make_error("lifecycle.unknown_status", "unknown platform status '" + std::string(platform_status) + "'");
  if (*to == state.status && (reason.empty() || reason == state.reason)) return state;  // a repeated report
  ApplicationState walked = state;
  if (walked.status == AppStatus::returned && forward_index(*to) > forward_index(AppStatus::submitted)) {
    // Supplemented elsewhere (e.g. online) and already moving again: it was submitted in between.
    auto resubmitted = transition(walked, AppStatus::submitted);
    if (!resubmitted.ok()) return resubmitted.error();
    walked = std::move(resubmitted.value());
  }
  int from_i = forward_index(walked.status), to_i = forward_index(*to);
  if (from_i >= 0 && to_i > from_i + 1) {  // missed steps of the forward path: walk through them
    for (int i = from_i + 1; i <= to_i; ++i) {
      auto step = transition(walked, kForward[i]);
      if (!step.ok()) return step.error();
      walked = std::move(step.value());
    }
    return walked;
  }
  return transition(walked, *to, reason);
}

std::string status_label_zh(const ApplicationState& state) {
  if (state.status == AppStatus::rejected)
    return domain_text(state.rejected_from == AppStatus::submitted ? "status.rejected.not_accepted"
                                                                   : "status.rejected.not_approved");
  return domain_text("status." + std::string(status_name(state.status)));
}

}  // namespace zhidui
