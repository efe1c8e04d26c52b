// uuid.h — random (version 4) UUIDs from libsodium's CSPRNG. An application's UUID is made once,
// before its first upload, and is its idempotency key for life.
#pragma once
#include <string>
#include <string_view>

namespace zhidui {
std::string make_uuid_v4();  // lower-case, 36 characters
bool is_uuid(std::string_view s);
}  // namespace zhidui
