// session_technician.cpp — the technician panel's actions on the Session (session.h): device self-tests
// (a test receipt, an A4 test page, a card placed on the reader), sending dead letters again, changing a
// setting, editing a line of the configuration (identity, platform, ports) and restarting the kiosk for
// it. Their outcomes are kept as lines for the panel; a card read here is reported masked and nothing of
// it is kept; a token being typed is wiped when the editor closes.
#include <algorithm>

#include "base/log.h"
#include "base/mask.h"
#include "kiosk/session.h"
#include "kiosk/strings.h"

namespace zhidui {

void Session::technician_result(std::string line) {
  constexpr size_t kKept = 8;
  tech_results_.push_back(std::move(line));
  if (tech_results_.size() > kKept) tech_results_.erase(tech_results_.begin());
}

void Session::end_setting_edit() {
  if (!setting_edit_) return;
  zhidui::wipe(setting_edit_->text);
  setting_edit_.reset();
}

void Session::apply_technician(const Action& action) {
  if (screen_ != Screen::technician) return;
  std::visit(
      [&](auto&& a) {
        using A = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<A, act::SelfTest>) {
          if (a.device == "receipt_printer") {
            ReceiptData test;
            test.policy_title = tr("tech.receipt_test_title");
            test.applicant_masked = "-";
            test.id_number_masked = "-";
            test.submitted_at = services_.now_local();
            test.acceptance_no = "TEST";
            test.uuid = "00000000-0000-4000-8000-000000000000";
            test.kiosk_id = services_.kiosk_id;
            technician_result(tr("tech.result_receipt_started"));
            services_.print_receipt_async(std::move(test), true);
          } else if (a.device == "document_printer") {
            if (!services_.self_test_a4) return technician_result(tr("tech.not_available"));
            technician_result(tr("tech.result_a4_started"));
            services_.self_test_a4();
          }
        } else if constexpr (std::is_same_v<A, act::RequeueDeadLetter>) {
          if (!services_.requeue_dead_letter) return technician_result(tr("tech.not_available"));
          log::warn("technician", a.seq == 0 ? "every dead letter sent again"
                                             : "dead letter " + std::to_string(a.seq) + " sent again");
          services_.requeue_dead_letter(a.seq);
        } else if constexpr (std::is_same_v<A, act::ChangeSetting>) {
          if (!services_.change_setting) return technician_result(tr("tech.not_available"));
          auto changed = services_.change_setting(a.key, a.delta);
          technician_result(changed ? strings().format("tech.setting_changed", {{"key", a.key}, {"value", changed.value()}})
                                    : strings().format("tech.result_failed", {{"code", changed.error().code},
                                                                              {"message", changed.error().message}}));
          // The window and the sync engine are set up at start: these take effect by a restart (and without a
          // file they would be lost by it).
          const bool at_restart = a.key == "orientation" || a.key == "platform_connect_timeout_seconds" ||
                                  a.key == "platform_total_timeout_seconds";
          if (changed && at_restart && tech_snapshot_.settings_saved_to_file) restart_needed_ = true;
          refresh_technician_snapshot();
        } else if constexpr (std::is_same_v<A, act::EditSetting>) {
          end_setting_edit();
          for (const auto& line : tech_snapshot_.text_settings)
            if (line.key == a.key) setting_edit_ = SettingEdit{line.key, line.secret ? "" : line.shown, line.secret, ""};
        } else if constexpr (std::is_same_v<A, act::SaveSetting>) {
          if (!setting_edit_) return;
          if (!services_.set_text_setting) return technician_result(tr("tech.not_available"));
          auto saved = services_.set_text_setting(setting_edit_->key, setting_edit_->text);
          if (!saved) {  // stays open: the technician fixes the typo the message names
            setting_edit_->error = saved.error().message;
            return;
          }
          technician_result(strings().format("tech.setting_saved", {{"key", setting_edit_->key}, {"value", saved.value()}}));
          restart_needed_ = true;
          end_setting_edit();
          refresh_technician_snapshot();
        } else if constexpr (std::is_same_v<A, act::CancelSettingEdit>) {
          end_setting_edit();
        } else if constexpr (std::is_same_v<A, act::RestartKiosk>) {
          if (!restart_needed_) return;
          log::warn("technician", "kiosk restarted from the panel for the saved settings");
          restart_requested_ = true;
        }
      },
      action);
}

}  // namespace zhidui
