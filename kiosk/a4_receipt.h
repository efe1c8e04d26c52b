// a4_receipt.h — the acceptance receipt (办件凭证) as an A4 page, for citizens who want a full-size copy.
//
// The same ReceiptData as the thermal receipt (kiosk/receipt.h), so the A4 copy can never show more
// than the slip: only masked personal values reach it. Labels come from the a4.* text keys.
#pragma once

#include <string>

#include "drivers/a4_printer/a4_page.h"
#include "kiosk/receipt.h"

namespace zhidui {

drivers::a4_printer::A4Page a4_receipt_page(const ReceiptData& receipt);

// The CUPS job title: visible in queues and logs, so it names the application, never the person.
std::string a4_receipt_job_title(const ReceiptData& receipt);

}  // namespace zhidui
