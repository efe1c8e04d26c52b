// actions.h — what the UI asks the session to do. Screens draw a read-only view and return these;
// Session::apply() is the only place they change anything (nothing inside an ImGui call mutates the
// domain).
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "kiosk/enterprise.h"
#include "kiosk/policy_finder.h"
#include "kiosk/signature.h"

namespace zhidui {

namespace act {
struct GoHome {};
struct StartCitizen {};
struct SelectPolicy { std::string id; };
struct StartApply {};
struct Back {};
struct FocusField { std::string id; };
struct TypeText { std::string text; };  // from the kiosk's own keyboards
struct Backspace {};
struct Submit {};
struct Finish {};
struct ApplyAnother {};        // 办理其他事项: the same person, another policy, in the same session
struct Touch {};               // any touch: keeps the session alive
struct OpenTechnician {};      // the hidden long press on the header corner
struct PinSubmit {};
struct SetInService { bool in_service; };
struct TechnicianExit {};
struct Rate { int level; };                // 好差评: 5 非常满意 … 1 非常不满意
struct ToggleRatingReason { std::string key; };
struct SubmitRating {};
struct StartEnterprise {};     // 企业办事
struct StartProgress {};       // 进度查询
struct OpenHelp {};            // 帮助
struct ToggleElderMode {};     // 长辈模式, for this session
struct CallStaff {};           // 呼叫工作人员
struct Speak {};               // the speaker button: say this screen's prompt again
struct OpenSearch {};
struct SetCategory { std::string category; };  // empty: all
struct SetRegionScope { RegionScope scope; };
struct ChooseRole { RepresentativeRole role; };
struct ContinueUnverified {};  // the platform cannot be reached: go on with the USCC only
struct Next {};                // form → materials → review
struct ChooseMaterial { std::string id; int handling; };  // MaterialHandling as int (session.h)
struct SignStroke { SignatureStroke stroke; };
struct ClearSignature {};
struct ConfirmSignature {};
struct PrintA4 {};
struct ChooseValue { std::string field_id; std::string value; };  // yes_no and choice fields: no typing
// Technician panel.
struct SelfTest { std::string device; };      // "receipt_printer", "document_printer" (a card is simply placed)
struct RequeueDeadLetter { int64_t seq; };    // send a dead letter again; 0: every dead letter
struct ChangeSetting { std::string key; int delta; };  // "voice_volume", "idle_seconds": up or down one step
struct EditSetting { std::string key; };  // opens the line editor on one of the snapshot's text_settings
struct SaveSetting {};                    // saves the line being edited to the configuration file
struct CancelSettingEdit {};
struct RestartKiosk {};                   // after a saved setting that takes effect at the next start
}  // namespace act

using Action = std::variant<act::GoHome, act::StartCitizen, act::SelectPolicy, act::StartApply,
                            act::Back, act::FocusField, act::TypeText, act::Backspace, act::Submit, act::Finish,
                            act::Touch, act::OpenTechnician, act::PinSubmit, act::SetInService, act::TechnicianExit,
                            act::Rate, act::ToggleRatingReason, act::SubmitRating, act::StartEnterprise,
                            act::StartProgress, act::OpenHelp, act::ToggleElderMode, act::CallStaff, act::Speak,
                            act::OpenSearch, act::SetCategory, act::SetRegionScope, act::ChooseRole,
                            act::ContinueUnverified, act::Next, act::ChooseMaterial, act::SignStroke,
                            act::ClearSignature, act::ConfirmSignature, act::PrintA4, act::ChooseValue,
                            act::ApplyAnother, act::SelfTest, act::RequeueDeadLetter, act::ChangeSetting,
                            act::EditSetting, act::SaveSetting, act::CancelSettingEdit, act::RestartKiosk>;

}  // namespace zhidui
