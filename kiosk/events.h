// events.h — what worker threads (devices, store, sync) tell the UI thread, through EventQueue.
#pragma once

#include <memory>
#include <string>
#include <variant>

#include "drivers/barcode/scan_payload.h"
#include "drivers/device.h"
#include "base/result.h"
#include "kiosk/catalog.h"
#include "kiosk/enterprise.h"
#include "kiosk/identity.h"
#include "kiosk/progress.h"
#include "offline/sync_engine.h"

namespace zhidui {

namespace ev {
struct CardInserted { Identity identity; };
struct CardRemoved {};
struct CardReadFailed { std::string code; };  // card.misplaced, card.unrecognised, reader.unavailable
struct DeviceChanged { drivers::DeviceStatus status; };
struct Sync { offline::SyncEvent event; };
struct SubmitSaved { std::string uuid; Status result; };
struct RatingSaved { std::string uuid; Status result; };
// A code from the scanner (already classified; error codes scan.unknown, scan.bad_uscc, scan.bad_receipt).
struct Scanned { Result<drivers::barcode::ScanResult> result; };
// Error codes: enterprise.not_found, or anything else meaning the platform could not answer.
struct EnterpriseLooked { std::string uscc; Result<Enterprise> result; };
struct RepresentativeChecked { std::string uscc; Result<bool> is_legal_representative; };
struct ProgressLoaded { Result<ProgressAnswer> result; };
struct A4Printed { Status result; };
// The receipt printer finished a receipt (or the technician's test receipt): the application's UUID (of
// the ReceiptData printed), where it went, or why not.
struct ReceiptPrinted { std::string uuid; Result<std::string> where; bool self_test = false; };
// A technician's self-test or queue action finished: what it was ("a4", "requeue"), how it went, and a
// line for the panel (English allowed, never personal data).
struct TechnicianDone { std::string what; Status result; std::string detail; };
// A newer catalog from the platform, already validated completely (a broken one never gets this far).
struct CatalogOffered { std::shared_ptr<const Catalog> catalog; };
}  // namespace ev

using Event = std::variant<ev::CardInserted, ev::CardRemoved, ev::CardReadFailed, ev::DeviceChanged, ev::Sync,
                           ev::SubmitSaved, ev::RatingSaved, ev::Scanned, ev::EnterpriseLooked,
                           ev::RepresentativeChecked, ev::ProgressLoaded, ev::A4Printed, ev::ReceiptPrinted,
                           ev::TechnicianDone, ev::CatalogOffered>;

}  // namespace zhidui
