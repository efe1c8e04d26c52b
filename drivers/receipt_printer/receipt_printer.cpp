// receipt_printer.cpp — the out-of-line destructor anchors ReceiptPrinter's vtable in one object file.
#include "drivers/receipt_printer/receipt_printer.h"

namespace zhidui::drivers::receipt_printer {

ReceiptPrinter::~ReceiptPrinter() = default;

}  // namespace zhidui::drivers::receipt_printer
