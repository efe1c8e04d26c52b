// dev_dock.cpp — see dev_dock.h. The dock's labels are English: it is a developer's tool, never shown in
// a hall (it exists only in demo mode), and its own dark colours keep it from passing for kiosk UI.
#include "ui/dev_dock.h"

#include <imgui.h>

#include "drivers/barcode/scan_payload.h"
#include "runtime/simulated_devices.h"

namespace zhidui::ui {

void draw_dev_dock(Runtime& runtime) {
  SimulatedDevices* devices = runtime.simulated();
  if (!devices) return;
  // A developer's tool over the kiosk screen: its own dark colours, so it never passes for kiosk UI and
  // stays readable whatever the kiosk's theme sets; top left, where it covers the least of a journey.
  ImGui::SetNextWindowPos(ImVec2(20, 140), ImGuiCond_Once);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.12f, 0.13f, 0.15f, 0.94f));
  ImGui::PushStyleColor(ImGuiCol_TitleBgActive, ImVec4(0.30f, 0.20f, 0.05f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_TitleBg, ImVec4(0.30f, 0.20f, 0.05f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.95f, 0.95f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.25f, 0.27f, 0.32f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.35f, 0.38f, 0.45f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0.55f, 0.40f, 0.10f, 1.0f));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(12, 10));
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(10, 6));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(8, 6));
  ImGui::Begin("Dev dock (demo mode)", nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings);
  ImGui::TextUnformatted("ID card reader (fake SAM module over a pty)");
  for (const auto& p : devices->personas()) {
    if (ImGui::Button(p.label.c_str())) devices->present_card(p.id);
  }
  if (ImGui::Button("Remove card")) devices->remove_card();
  if (ImGui::Button("Unplug reader")) devices->unplug_reader();
  ImGui::SameLine();
  if (ImGui::Button("Replug reader")) devices->replug_reader();
  ImGui::Separator();
  ImGui::TextUnformatted("Receipt printer (ESC/POS emulator)");
  for (const char* c : {"ok", "paper_low", "paper_out", "cover_open", "jammed"}) {
    if (ImGui::Button(c)) devices->set_printer_condition(c);
    ImGui::SameLine();
  }
  ImGui::NewLine();
  if (ImGui::Button("Status silent")) devices->set_printer_answers_status(false);
  ImGui::SameLine();
  if (ImGui::Button("Status answers")) devices->set_printer_answers_status(true);
  if (ImGui::Button("Unplug printer")) devices->set_printer_plugged_in(false);
  ImGui::SameLine();
  if (ImGui::Button("Replug printer")) devices->set_printer_plugged_in(true);
  ImGui::Separator();
  ImGui::TextUnformatted("A4 printer (CUPS sandbox queue; noticed at the next job, as CUPS does)");
  if (ImGui::Button("Unplug A4 printer")) devices->set_a4_printer_plugged_in(false);
  ImGui::SameLine();
  if (ImGui::Button("Replug A4 printer")) devices->set_a4_printer_plugged_in(true);
  ImGui::Separator();
  ImGui::TextUnformatted("Barcode scanner (fake, serial line mode over a pty)");
  if (ImGui::Button("Licence QR")) devices->scan(drivers::barcode::kSampleLicenceQr);
  ImGui::SameLine();
  const std::string receipt_qr = runtime.last_receipt_qr();
  if (ImGui::Button("Last receipt QR") && !receipt_qr.empty()) devices->scan(receipt_qr);
  ImGui::SameLine();
  if (ImGui::Button("Unknown code")) devices->scan(drivers::barcode::kSampleForeignCode);
  if (ImGui::Button("Unplug scanner")) devices->unplug_scanner();
  ImGui::SameLine();
  if (ImGui::Button("Replug scanner")) devices->replug_scanner();
  ImGui::End();
  ImGui::PopStyleVar(3);
  ImGui::PopStyleColor(7);
}

}  // namespace zhidui::ui
