// a4_receipt.cpp — see a4_receipt.h.
#include "kiosk/a4_receipt.h"

#include "kiosk/strings.h"

namespace zhidui {

namespace a4 = drivers::a4_printer;

a4::A4Page a4_receipt_page(const ReceiptData& r) {
  a4::A4Page page;
  page.title = r.policy_title;
  page.subtitle = r.acceptance_no.empty() ? tr("a4.pending")
                                          : strings().format("a4.acceptance_no", {{"no", r.acceptance_no}});

  a4::A4Section application{tr("a4.section.application"), {}};
  application.rows.push_back({tr("a4.label.applicant"), r.applicant_masked});
  application.rows.push_back({tr("a4.label.id_number"), r.id_number_masked});
  if (!r.enterprise_name.empty()) application.rows.push_back({tr("a4.label.enterprise"), r.enterprise_name});
  application.rows.push_back({tr("a4.label.submitted_at"), r.submitted_at});
  application.rows.push_back({tr("a4.label.kiosk"), r.kiosk_id});
  page.sections.push_back(std::move(application));

  if (!r.answers.empty()) {
    a4::A4Section answers{tr("a4.section.answers"), {}};
    for (const auto& [label, value] : r.answers) answers.rows.push_back({label, value});
    page.sections.push_back(std::move(answers));
  }
  if (!r.materials.empty()) {
    a4::A4Section materials{tr("a4.section.materials"), {}};
    for (const auto& [name, how] : r.materials) materials.rows.push_back({name, how});
    page.sections.push_back(std::move(materials));
  }
  if (!r.later_materials.empty()) {
    a4::A4Section later{tr("a4.section.later_materials"), {}};
    for (size_t i = 0; i < r.later_materials.size(); ++i)
      later.rows.push_back({std::to_string(i + 1), r.later_materials[i]});
    page.sections.push_back(std::move(later));
  }

  if (r.acceptance_no.empty()) page.paragraphs.push_back(tr("a4.pending_note"));
  page.qr_payload = r.qr_payload();
  page.qr_caption = tr("a4.qr_caption");
  page.footer_lines = {tr("a4.footer.keep"), strings().format("a4.footer.issuer", {{"kiosk", r.kiosk_id}})};
  return page;
}

std::string a4_receipt_job_title(const ReceiptData& r) {
  return "zhidui receipt " + (r.acceptance_no.empty() ? r.uuid : r.acceptance_no);
}

}  // namespace zhidui
