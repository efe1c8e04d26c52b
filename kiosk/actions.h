// actions.h — what the UI asks the session to do. Screens draw a read-only view and return these;
// Session::apply() is the only place they change anything (nothing inside an ImGui call mutates the
// domain).
#pragma once

#include <string>
#include <variant>

namespace zhidui {

namespace act {
struct GoHome {};
struct StartCitizen {};
struct ComingSoon {};          // a home button whose journey is not built yet
struct SelectPolicy { std::string id; };
struct StartApply {};
struct Back {};
struct FocusField { std::string id; };
struct TypeText { std::string text; };  // from the kiosk's own keyboards
struct Backspace {};
struct Submit {};
struct Finish {};
struct Touch {};               // any touch: keeps the session alive
struct OpenTechnician {};      // the hidden long press on the header corner
struct PinSubmit {};
struct SetInService { bool in_service; };
struct TechnicianExit {};
struct Rate { int level; };                // 好差评: 5 非常满意 … 1 非常不满意
struct ToggleRatingReason { std::string key; };
struct SubmitRating {};
}  // namespace act

using Action = std::variant<act::GoHome, act::StartCitizen, act::ComingSoon, act::SelectPolicy, act::StartApply,
                            act::Back, act::FocusField, act::TypeText, act::Backspace, act::Submit, act::Finish,
                            act::Touch, act::OpenTechnician, act::PinSubmit, act::SetInService, act::TechnicianExit,
                            act::Rate, act::ToggleRatingReason, act::SubmitRating>;

}  // namespace zhidui
