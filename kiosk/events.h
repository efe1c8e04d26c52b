// events.h — what worker threads (devices, store, sync) tell the UI thread, through EventQueue.
#pragma once

#include <string>
#include <variant>

#include "drivers/device.h"
#include "kiosk/base/result.h"
#include "kiosk/identity.h"
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
}  // namespace ev

using Event = std::variant<ev::CardInserted, ev::CardRemoved, ev::CardReadFailed, ev::DeviceChanged, ev::Sync,
                           ev::SubmitSaved, ev::RatingSaved>;

}  // namespace zhidui
