// a4_receipt.h — the application form with its acceptance receipt (申请表 and 办件凭证) as an A4 page, for
// citizens who want a full-size copy: the receipt's lines, the answers and how each material is provided.
//
// Built from the same ReceiptData as the thermal receipt (kiosk/receipt.h), whose answers were masked by
// the session as on the review screen (kiosk/application_summary.h): only masked personal values reach
// the paper. Labels come from the a4.* text keys.
#pragma once

#include <string>

#include "drivers/a4_printer/a4_page.h"
#include "kiosk/receipt.h"

namespace zhidui {

drivers::a4_printer::A4Page a4_receipt_page(const ReceiptData& receipt);

// The CUPS job title: visible in queues and logs, so it names the application, never the person.
std::string a4_receipt_job_title(const ReceiptData& receipt);

}  // namespace zhidui
