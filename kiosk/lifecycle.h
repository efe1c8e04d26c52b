// lifecycle.h — the life of an application (办件) from the kiosk's point of view:
//
//   draft → submitted 已申报 → accepted 已受理 → joint_review 联办中 → approved 已审核 → paid 已兑现
//   submitted → rejected 不予受理 · accepted / joint_review → rejected 未通过 (both with a reason)
//   submitted / accepted / joint_review → returned 需补正 (with a reason) → submitted again
//
// Only these transitions exist; anything else is an error value, never a silent change. The platform
// reports statuses by name ("accepted", "joint_review", …); since a kiosk polls now and then, a report
// may skip steps of the forward path (accepted → paid) and may repeat the current status.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace zhidui {

enum class AppStatus { draft, submitted, accepted, joint_review, approved, paid, rejected, returned };

struct ApplicationState {
  AppStatus status = AppStatus::draft;
  AppStatus rejected_from = AppStatus::draft;  // when rejected: the status it was refused in
  std::string reason;                          // when rejected or returned: the platform's reason
  std::vector<AppStatus> history;              // every status passed through, oldest first
};

std::string_view status_name(AppStatus s);  // "draft", "submitted", … (the platform's spelling)
std::optional<AppStatus> status_from_platform(std::string_view name);
bool can_transition(AppStatus from, AppStatus to);
bool is_final(AppStatus s);  // paid or rejected

// One step; rejected and returned need a non-empty reason.
Result<ApplicationState> transition(const ApplicationState& state, AppStatus to, std::string_view reason = {});

// A status reported by the platform: the same status again changes nothing; a later status on the
// forward path is reached through the steps in between; anything else is an error.
Result<ApplicationState> apply_platform_status(const ApplicationState& state, std::string_view platform_status,
                                               std::string_view reason = {});

// Plain Chinese for the citizen: 已申报, 已受理, …; a rejection reads 不予受理 before acceptance and
// 未通过 after it.
std::string status_label_zh(const ApplicationState& state);

}  // namespace zhidui
